package io.ballast.engine.journal;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptAppender;

/**
 * Faults in the pages the journal's writers are about to write, from a thread of its own, so a writer
 * does not wait in the page fault. On this project's machines a Chronicle appender stalled ~20 ms
 * writing into its mapped file every few MiB: the tails of every open-loop benchmark. Each pass the
 * toucher maps the file each writer last wrote (a mapping of its own: a writer's mapping is not
 * thread-safe) and touches the pages from where the writer ended up to {@value #AHEAD} bytes past
 * it, then parks: {@value #BUSY_PARK_NANOS} ns after a pass that touched pages, twice as long after
 * each that did not, up to {@value #IDLE_PARK_NANOS} ns (an idle journal costs next to nothing, and a
 * writer starting again has the {@value #AHEAD} bytes already touched to write into meanwhile). It never
 * spins.
 *
 * <p>The journal runs one for its two queues; the benchmarks' raw-append baselines run one too, so
 * they stay the limit of the same storage.
 *
 * <p>A touch is a compare-and-swap of an aligned zero word with zero: it writes nothing (a word the
 * writer has written is not zero, and the swap fails), yet it takes the write fault. A failure of the
 * toucher only stops the touching: the writers never depend on it.
 */
public final class PageToucher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PageToucher.class.getName());
    private static final long PAGE = 4096;
    static final long AHEAD = 2L << 20;
    private static final long BUSY_PARK_NANOS = 1_000_000;
    private static final long IDLE_PARK_NANOS = 64_000_000;
    private static final long MAPPED_CHUNK = 64L << 20;

    /** Where one writer stands: published by the writer, read by the toucher. */
    public static final class Writer {
        private volatile File file;
        /** Set with a release store: the writer pays no fence per record. */
        private final AtomicLong end = new AtomicLong();
        /** The toucher's own: its mapping of {@link #file} and how far it has touched. */
        private File mappedFile;
        private MappedBytes mapped;
        private volatile long touchedTo;

        /** The writer's own: the cycle of {@link #file}. */
        private int cycle = Integer.MIN_VALUE;

        /** The appender ended a record at {@code end} of its current file (asked again only when its cycle rolled). */
        public void wrote(ExcerptAppender appender, long end) {
            this.end.lazySet(end);
            int now = appender.cycle();
            if (now != cycle) {
                // After the end: a toucher that reads the new file reads an end in it, never the old file's.
                cycle = now;
                file = appender.currentFile();
            }
        }

        /** How far ahead the pages of the current file are touched (for tests). */
        long touchedTo() {
            return touchedTo;
        }
    }

    private final Writer[] writers;
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts touching ahead of these writers on a daemon thread called {@code name}. */
    public PageToucher(String name, Writer... writers) {
        this.writers = writers;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            long park = BUSY_PARK_NANOS;
            while (running) {
                boolean touched = false;
                for (Writer writer : writers) {
                    touched |= touchAhead(writer);
                }
                park = touched ? BUSY_PARK_NANOS : Math.min(park * 2, IDLE_PARK_NANOS);
                LockSupport.parkNanos(this, park);
            }
        } catch (IOException | RuntimeException | InternalError e) {
            // InternalError: the JVM's answer to a fault in a mapped file (SIGBUS), e.g. a file removed under it.
            LOG.log(System.Logger.Level.WARNING, "journal page toucher stopped; appends go on, paying their own page faults", e);
        } finally {
            for (Writer writer : writers) {
                release(writer);
            }
        }
    }

    /** Touches the pages ahead of one writer; whether there were any to touch. */
    private boolean touchAhead(Writer writer) throws IOException {
        File file = writer.file;
        if (file == null) {
            return false;
        }
        long end = writer.end.get();
        if (file != writer.mappedFile) {
            release(writer);
            writer.mapped = MappedBytes.mappedBytes(file, MAPPED_CHUNK);
            writer.mappedFile = file;
            writer.touchedTo = 0;
        }
        long from = Math.max(writer.touchedTo, (end + PAGE - 1) & -PAGE);
        for (long page = from; page < end + AHEAD && running; page += PAGE) {
            writer.mapped.compareAndSwapLong(page, 0, 0);
            writer.touchedTo = page + PAGE;
        }
        return writer.touchedTo > from;
    }

    private static void release(Writer writer) {
        if (writer.mapped != null) {
            writer.mapped.releaseLast();
            writer.mapped = null;
            writer.mappedFile = null;
        }
    }

    /** Stops touching and waits for the toucher to let go of its mappings. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
