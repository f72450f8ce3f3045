package io.ballast.engine.journal;

import io.ballast.engine.codec.RecordWriter;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The journal on disk: an {@code inputs} and a {@code decisions} Chronicle queue under one directory.
 * Appends are made by one writer at a time (the caller serialises them); reads may run on any thread
 * with their own tailers.
 */
public final class Journal implements AutoCloseable {

    private static final String INPUTS = "inputs";
    private static final String DECISIONS = "decisions";

    private final Path dir;
    private final JournalSettings settings;
    private final SingleChronicleQueue inputs;
    private final SingleChronicleQueue decisions;
    private final ExcerptAppender inputAppender;
    private final ExcerptAppender decisionAppender;
    private final PageToucher.Writer inputWriter = new PageToucher.Writer();
    private final PageToucher.Writer decisionWriter = new PageToucher.Writer();
    private final PageToucher toucher;
    /** Records are encoded here, then copied into the mapped document in one write: many small writes to mapped memory cost more. */
    private final RecordWriter scratch = new RecordWriter(512);

    private Journal(Path dir, JournalSettings settings) {
        this.dir = dir;
        this.settings = settings;
        this.inputs = openQueue(dir.resolve(INPUTS), settings);
        this.decisions = openQueue(dir.resolve(DECISIONS), settings);
        this.inputAppender = writerOf(inputs);
        this.decisionAppender = writerOf(decisions);
        this.toucher = new PageToucher("ballast-journal-toucher-" + dir.getFileName(), inputWriter, decisionWriter);
    }

    public static Journal open(Path dir, JournalSettings settings) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal directory " + dir, e);
        }
        return new Journal(dir, settings);
    }

    private static SingleChronicleQueue openQueue(Path path, JournalSettings settings) {
        return SingleChronicleQueueBuilder.binary(path)
                .rollCycle(settings.rollCycle())
                .timeoutMS(settings.recoveryTimeoutMs())
                .build();
    }

    private static ExcerptAppender writerOf(SingleChronicleQueue queue) {
        ExcerptAppender appender = queue.createAppender();
        // One writer, but not always one thread: callers hand the journal over under a lock.
        appender.singleThreadedCheckDisabled(true);
        return appender;
    }


    public JournalSettings settings() {
        return settings;
    }

    /** Appends an input; returns its Chronicle index. */
    public long appendInput(long seq, String source, long sourcePosition, Event event) {
        scratch.clear();
        JournalLayout.writeInput(scratch, seq, source, sourcePosition, event);
        try (DocumentContext dc = inputAppender.writingDocument()) {
            writeScratch(dc, inputAppender, inputWriter);
        }
        return inputAppender.lastIndexAppended();
    }

    public void appendDecision(long seq, Decision decision) {
        scratch.clear();
        JournalLayout.writeDecision(scratch, seq, decision);
        try (DocumentContext dc = decisionAppender.writingDocument()) {
            writeScratch(dc, decisionAppender, decisionWriter);
        }
    }

    /** Copies the encoded record into the document, and tells the page toucher where the writer now stands. */
    private void writeScratch(DocumentContext dc, ExcerptAppender appender, PageToucher.Writer writer) {
        Bytes<?> bytes = dc.wire().bytes();
        bytes.write(scratch.array(), 0, scratch.length());
        writer.wrote(appender, bytes.writePosition());
    }

    public Optional<JournalInput> lastInput() {
        return readLast(inputs, JournalLayout::readInput);
    }

    public Optional<JournalDecision> lastDecision() {
        return readLast(decisions, JournalLayout::readDecision);
    }

    /**
     * Reads every input after the one at {@code afterIndex} (or from the start when it is negative),
     * in order; returns how many were read.
     */
    public long readInputs(long afterIndex, Consumer<JournalInput> handler) {
        try (ExcerptTailer tailer = inputs.createTailer()) {
            positionAfter(tailer, afterIndex);
            return readRest(tailer, JournalLayout::readInput, handler);
        }
    }

    /** Reads every decision in order; returns how many were read. */
    public long readDecisions(Consumer<JournalDecision> handler) {
        try (ExcerptTailer tailer = decisions.createTailer()) {
            return readRest(tailer, JournalLayout::readDecision, handler);
        }
    }

    private static <R> long readRest(ExcerptTailer tailer, RecordReader<R> reader, Consumer<R> handler) {
        long count = 0;
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return count;
                }
                handler.accept(reader.read(dc.index(), dc.wire().bytes()));
                count++;
            }
        }
    }

    /** A reader of new inputs that parks while there are none. Close it when done. */
    public JournalFollower<JournalInput> follow(long afterIndex) {
        ExcerptTailer tailer = inputs.createTailer();
        positionAfter(tailer, afterIndex);
        return new JournalFollower<>(tailer, JournalLayout::readInput);
    }

    /**
     * A reader of decisions after the one at {@code afterIndex} (from the first when negative) that parks
     * while there are none, for an outbox that publishes them. Close it when done.
     */
    public JournalFollower<JournalDecision> followDecisions(long afterIndex) {
        ExcerptTailer tailer = decisions.createTailer();
        positionAfter(tailer, afterIndex);
        return new JournalFollower<>(tailer, JournalLayout::readDecision);
    }

    /**
     * Deletes input cycle files wholly older than the cycle of {@code snapshotIndex} minus the
     * configured retained cycles: they are covered by that snapshot. Returns the files deleted.
     * With {@code retainCycles} 0 nothing is deleted.
     */
    public int applyRetention(long snapshotIndex) {
        if (settings.retainCycles() <= 0 || snapshotIndex < 0) {
            return 0;
        }
        RollCycle cycle = inputs.rollCycle();
        int keepFrom = cycle.toCycle(snapshotIndex) - settings.retainCycles();
        int deleted = 0;
        // Both bounds must be cycles that have a file: list them all, then keep the old ones.
        for (long old : inputs.listCyclesBetween(inputs.firstCycle(), inputs.lastCycle()).headSet((long) keepFrom)) {
            Path file = inputs.file().toPath().resolve(cycleFileName(cycle, (int) old));
            try {
                if (Files.deleteIfExists(file)) {
                    deleted++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete journal file " + file, e);
            }
        }
        inputs.refreshDirectoryListing();
        return deleted;
    }

    private static String cycleFileName(RollCycle cycle, int number) {
        DateTimeFormatter format = DateTimeFormatter.ofPattern(cycle.format()).withZone(ZoneOffset.UTC);
        return format.format(Instant.ofEpochMilli((long) number * cycle.lengthInMillis())) + ".cq4";
    }

    /** Counts and sizes, from the records themselves. */
    public JournalStats stats() {
        return JournalStats.of(this);
    }

    long bytesOnDisk() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot size journal " + dir, e);
        }
    }

    int inputCycleFiles() {
        return inputs.listCyclesBetween(inputs.firstCycle(), inputs.lastCycle()).size();
    }

    private static void positionAfter(ExcerptTailer tailer, long afterIndex) {
        if (afterIndex < 0) {
            tailer.toStart();
            return;
        }
        if (!tailer.moveToIndex(afterIndex)) {
            throw new IllegalStateException("journal has no record at index " + Long.toHexString(afterIndex));
        }
        try (DocumentContext skip = tailer.readingDocument()) {
            if (!skip.isPresent()) {
                throw new IllegalStateException("journal record at index " + Long.toHexString(afterIndex) + " is unreadable");
            }
        }
    }

    interface RecordReader<R> {
        R read(long index, BytesIn<?> in);
    }

    private static <R> Optional<R> readLast(SingleChronicleQueue queue, RecordReader<R> reader) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument()) {
                return dc.isPresent() ? Optional.of(reader.read(dc.index(), dc.wire().bytes())) : Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        toucher.close();
        inputAppender.close();
        decisionAppender.close();
        inputs.close();
        decisions.close();
        // Chronicle unmaps queue files on a background thread; wait for it, so a closed journal holds no file.
        BackgroundResourceReleaser.releasePendingResources();
    }
}
