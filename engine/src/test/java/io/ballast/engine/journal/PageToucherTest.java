package io.ballast.engine.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page toucher against a real queue on disk: it touches the pages ahead of the writer, follows the
 * writer into the next cycle's file, never changes a byte the writer wrote — not even touching pages
 * already written, records full of zero words (the words it swaps) included — and leaves no thread
 * behind.
 */
class PageToucherTest {

    private final Random random = new Random(7);

    @Test
    void touchesAheadOfTheWriterIntoTheNextFileAndNeverChangesWhatTheWriterWrote(@TempDir Path dir) throws Exception {
        SetTimeProvider clock = new SetTimeProvider(TimeUnit.SECONDS.toNanos(1_700_000_000L));
        PageToucher.Writer writer = new PageToucher.Writer();
        List<byte[]> written = new ArrayList<>();
        File firstFile;
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(TestRollCycles.TEST_SECONDLY)
                .timeProvider(clock).build();
             ExcerptAppender appender = queue.createAppender();
             PageToucher toucher = new PageToucher("test-toucher", writer)) {
            long end = appendRecords(appender, writer, written, 20_000);
            firstFile = appender.currentFile();
            awaitTouchedPast(writer, end + PageToucher.AHEAD);

            clock.advanceMillis(1_000); // the next cycle: a new file, written less far than the first
            end = appendRecords(appender, writer, written, 5_000);
            assertNotEquals(firstFile, appender.currentFile(), "the writer rolled to a new file");
            awaitTouchedPast(writer, end + PageToucher.AHEAD);
            assertTrue(writer.touchedTo() < end + PageToucher.AHEAD + 2 * 4096, "touching the new file (the old one's were touched further)");

            assertReadBack(queue, written);
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(thread -> thread.getName().equals("test-toucher")),
                "closing stops the toucher");
    }

    @Test
    void pagesTouchedOverWhatIsWrittenKeepEveryByte(@TempDir Path dir) throws Exception {
        PageToucher.Writer writer = new PageToucher.Writer();
        List<byte[]> written = new ArrayList<>();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).build();
             ExcerptAppender appender = queue.createAppender()) {
            appendRecords(appender, writer, written, 10_000);
            writer.wrote(appender, 0); // as if the writer were still at the start: every page touched lies in records written
            try (PageToucher toucher = new PageToucher("test-toucher", writer)) {
                awaitTouchedPast(writer, PageToucher.AHEAD);
            }
            assertReadBack(queue, written);
        }
    }

    private static void assertReadBack(SingleChronicleQueue queue, List<byte[]> written) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            for (int i = 0; i < written.size(); i++) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    assertTrue(dc.isPresent(), "record " + i + " is there");
                    assertArrayEquals(written.get(i), dc.wire().bytes().toByteArray(), "record " + i + " as written");
                }
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                assertFalse(dc.isPresent(), "nothing more");
            }
        }
    }

    /** Appends records of random sizes, half of them random bytes, half zeros; returns where the writer ended. */
    private long appendRecords(ExcerptAppender appender, PageToucher.Writer writer, List<byte[]> written, int count) {
        long end = 0;
        for (int i = 0; i < count; i++) {
            byte[] record = new byte[8 + random.nextInt(300)];
            if (i % 2 == 0) {
                random.nextBytes(record);
            }
            try (DocumentContext dc = appender.writingDocument()) {
                Bytes<?> bytes = dc.wire().bytes();
                bytes.write(record);
                end = bytes.writePosition();
                writer.wrote(appender, end);
            }
            written.add(record);
        }
        return end;
    }

    private static void awaitTouchedPast(PageToucher.Writer writer, long position) throws InterruptedException {
        LongSupplier touched = writer::touchedTo;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (touched.getAsLong() < position && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(touched.getAsLong() >= position, "touched to " + touched.getAsLong() + ", wanted past " + position);
    }
}
