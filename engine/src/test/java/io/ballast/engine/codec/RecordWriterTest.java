package io.ballast.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Records written by {@link RecordWriter} are read with Chronicle's {@code BytesIn}, and journals and
 * snapshots written before it existed were written by Chronicle: its bytes must be Chronicle's, write
 * for write.
 */
class RecordWriterTest {

    private final Bytes<byte[]> chronicle = Bytes.allocateElasticOnHeap(64);
    private final RecordWriter ours = new RecordWriter(16);

    @AfterEach
    void release() {
        chronicle.releaseLast();
    }

    private void assertSameBytes(String what) {
        assertArrayEquals(chronicle.toByteArray(), ours.toByteArray(), what);
        chronicle.clear();
        ours.clear();
    }

    @Test
    void stopBitLongsAreChroniclesOnBothSidesOfZeroAndAtEveryBoundary() {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, -2L, 127L, 128L, -128L, -129L, 16_383L, 16_384L, -16_385L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1));
        for (int shift = 0; shift < 64; shift++) {
            values.add(1L << shift);
            values.add((1L << shift) - 1);
            values.add(-(1L << shift));
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        for (long value : values) {
            chronicle.writeStopBit(value);
            ours.writeStopBit(value);
            assertSameBytes("stop-bit " + value);
        }
    }

    @Test
    void doublesBooleansBytesAndArraysAreChronicles() {
        for (double value : new double[] {0.0, -0.0, 1.5, -3.25, 1e300, Double.NaN, Double.MIN_VALUE}) {
            chronicle.writeDouble(value);
            ours.writeDouble(value);
            assertSameBytes("double " + value);
        }
        chronicle.writeBoolean(true);
        chronicle.writeBoolean(false);
        ours.writeBoolean(true);
        ours.writeBoolean(false);
        assertSameBytes("booleans");
        chronicle.writeByte((byte) -7);
        chronicle.write(new byte[] {1, 2, 3, 4}, 1, 2);
        ours.writeByte(-7);
        ours.write(new byte[] {1, 2, 3, 4}, 1, 2);
        assertSameBytes("a byte and part of an array");
    }

    @Test
    void growsPastItsCapacityAndClearsForTheNextRecord() {
        byte[] large = new byte[1000];
        new Random(3).nextBytes(large);
        ours.writeStopBit(-1);
        ours.write(large);
        assertEquals(1002, ours.length());
        Bytes<byte[]> in = Bytes.wrapForRead(ours.toByteArray());
        assertEquals(-1, in.readStopBit());
        byte[] back = new byte[1000];
        in.read(back);
        assertArrayEquals(large, back);
        in.releaseLast();
        ours.clear();
        assertEquals(0, ours.length());
    }
}
