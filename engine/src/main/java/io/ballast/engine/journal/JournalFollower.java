package io.ballast.engine.journal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Follows a journal queue (inputs or decisions) as it grows. When there is nothing to read it parks, backing off from
 * {@value #MIN_PARK_NANOS} ns to {@value #MAX_PARK_NANOS} ns, so an idle reader costs no core.
 * One thread per follower.
 */
public final class JournalFollower<R> implements AutoCloseable {

    static final long MIN_PARK_NANOS = 20_000;
    static final long MAX_PARK_NANOS = 1_000_000;

    private final ExcerptTailer tailer;
    private final Journal.RecordReader<R> reader;

    JournalFollower(ExcerptTailer tailer, Journal.RecordReader<R> reader) {
        this.tailer = tailer;
        this.reader = reader;
    }

    /** Reads the next record if there is one. */
    public boolean poll(Consumer<R> handler) {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            handler.accept(reader.read(dc.index(), dc.wire().bytes()));
            return true;
        }
    }

    /** Delivers records as they arrive until {@code running} turns false. */
    public void follow(Consumer<R> handler, BooleanSupplier running) {
        follow(handler, running, () -> true);
    }

    /**
     * Delivers records as they arrive, each only while {@code ready} holds (a consumer with a bounded window
     * of its own), until {@code running} turns false; parks while there is nothing to read or no room.
     */
    public void follow(Consumer<R> handler, BooleanSupplier running, BooleanSupplier ready) {
        long park = MIN_PARK_NANOS;
        while (running.getAsBoolean()) {
            if (ready.getAsBoolean() && poll(handler)) {
                park = MIN_PARK_NANOS;
            } else {
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, MAX_PARK_NANOS);
            }
        }
    }

    @Override
    public void close() {
        tailer.close();
    }
}
