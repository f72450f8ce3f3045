package io.ballast.engine.journal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Follows the inputs queue as it grows. When there is nothing to read it parks, backing off from
 * {@value #MIN_PARK_NANOS} ns to {@value #MAX_PARK_NANOS} ns, so an idle reader costs no core.
 * One thread per follower.
 */
public final class JournalFollower implements AutoCloseable {

    static final long MIN_PARK_NANOS = 20_000;
    static final long MAX_PARK_NANOS = 1_000_000;

    private final ExcerptTailer tailer;

    JournalFollower(ExcerptTailer tailer) {
        this.tailer = tailer;
    }

    /** Reads the next input if there is one. */
    public boolean poll(Consumer<JournalInput> handler) {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            handler.accept(JournalLayout.readInput(dc.index(), dc.wire().bytes()));
            return true;
        }
    }

    /** Delivers inputs as they arrive until {@code running} turns false. */
    public void follow(Consumer<JournalInput> handler, BooleanSupplier running) {
        long park = MIN_PARK_NANOS;
        while (running.getAsBoolean()) {
            if (poll(handler)) {
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
