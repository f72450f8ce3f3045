package io.ballast.loadtests;

import io.ballast.engine.codec.EventBinary;
import io.ballast.engine.codec.RecordWriter;
import io.ballast.engine.event.Event;
import io.ballast.engine.journal.PageToucher;
import java.nio.file.Path;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;

/**
 * The journal's physical limit on this machine, the baseline the engine's figures are ratios to: the
 * same records, pre-encoded, appended to a plain Chronicle queue and read back, one thread. Each
 * append is timed as the engine's submits are (two clock reads and a histogram entry a record, ~80 ns
 * on this machine), so the instrument costs both sides alike and the ratio compares only the work.
 * Its appender has a {@link PageToucher} ahead of it, as the journal's have.
 */
final class RawChronicle {

    /** Nanoseconds to append every record, and to read them all back; each append's own nanoseconds. */
    record Timing(long appendNanos, long readNanos, Histogram appendLatency) {
    }

    private RawChronicle() {
    }

    static byte[][] encode(List<Event> events) {
        byte[][] encoded = new byte[events.size()][];
        RecordWriter buffer = new RecordWriter(256);
        for (int i = 0; i < encoded.length; i++) {
            buffer.clear();
            EventBinary.write(buffer, events.get(i));
            encoded[i] = buffer.toByteArray();
        }
        return encoded;
    }

    static Timing measure(byte[][] encoded, Path dir) {
        PageToucher.Writer writer = new PageToucher.Writer();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).build();
             ExcerptAppender appender = queue.createAppender();
             PageToucher toucher = new PageToucher("raw-toucher", writer)) {
            Histogram appendLatency = new Histogram(3_600_000_000_000L, 3);
            long start = System.nanoTime();
            for (byte[] record : encoded) {
                long before = System.nanoTime();
                append(appender, writer, record);
                appendLatency.recordValue(System.nanoTime() - before);
            }
            long appendNanos = System.nanoTime() - start;
            start = System.nanoTime();
            long bytesRead = 0;
            try (ExcerptTailer tailer = queue.createTailer()) {
                byte[] buffer = new byte[4096];
                while (true) {
                    try (DocumentContext dc = tailer.readingDocument()) {
                        if (!dc.isPresent()) {
                            break;
                        }
                        bytesRead += dc.wire().bytes().read(buffer);
                    }
                }
            }
            long readNanos = System.nanoTime() - start;
            if (bytesRead <= 0) {
                throw new IllegalStateException("raw read saw nothing");
            }
            return new Timing(appendNanos, readNanos, appendLatency);
        }
    }

    /**
     * The same records appended open loop at a fixed rate, each timed from its planned send time: the
     * latency floor of an open-loop run on this disk (a page fault that stalls an append here stalls
     * a submit the same way).
     */
    static Histogram paced(byte[][] encoded, int count, int rate, Path dir) {
        Histogram latency = new Histogram(60_000_000_000L, 3);
        PageToucher.Writer writer = new PageToucher.Writer();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).build();
             ExcerptAppender appender = queue.createAppender();
             PageToucher toucher = new PageToucher("raw-toucher", writer)) {
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long planned = start + i * interval;
                BenchmarkArgs.waitUntil(planned);
                append(appender, writer, encoded[i]);
                latency.recordValue(System.nanoTime() - planned);
            }
        }
        return latency;
    }

    private static void append(ExcerptAppender appender, PageToucher.Writer writer, byte[] record) {
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            bytes.write(record);
            writer.wrote(appender, bytes.writePosition());
        }
    }
}
