package io.ballast.engine.codec;

import java.util.Arrays;

/**
 * Where binary records are encoded before they are copied, in one write, into a journal document or
 * a snapshot: a growable byte array with the few writes the record layouts use. The bytes are those
 * Chronicle's {@code BytesOut} writes (stop-bit longs, little-endian doubles, 'Y'/'N' booleans), so
 * records are read back with Chronicle's {@code BytesIn}; a writer of our own because each of
 * Chronicle's writes checks bounds, resizing and the owning thread, which cost the journal as much as
 * the rest of encoding together.
 */
public final class RecordWriter {

    private byte[] bytes;
    private int length;

    public RecordWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    public void clear() {
        length = 0;
    }

    /** Bytes written since the last {@link #clear}. */
    public int length() {
        return length;
    }

    /** The buffer; its first {@link #length()} bytes are the record. */
    public byte[] array() {
        return bytes;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    public void writeByte(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
    }

    /** 'Y' or 'N', as Chronicle writes them. */
    public void writeBoolean(boolean value) {
        writeByte(value ? 'Y' : 'N');
    }

    /**
     * Seven bits a byte, low bits first, the top bit set on every byte but the last; a negative value
     * is written as its complement followed by a 0 byte (so -1 costs two bytes, as in Chronicle).
     */
    public void writeStopBit(long value) {
        ensure(11);
        long n = value;
        boolean negative = n < 0;
        if (negative) {
            n = ~n;
        }
        while ((n & ~0x7FL) != 0) {
            bytes[length++] = (byte) (n | 0x80);
            n >>>= 7;
        }
        if (negative) {
            bytes[length++] = (byte) (n | 0x80);
            bytes[length++] = 0;
        } else {
            bytes[length++] = (byte) n;
        }
    }

    public void writeDouble(double value) {
        long bits = Double.doubleToRawLongBits(value);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[length++] = (byte) (bits >>> (8 * i));
        }
    }

    public void write(byte[] source) {
        write(source, 0, source.length);
    }

    public void write(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
