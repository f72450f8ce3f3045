package io.ballast.engine.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.core.util.StringUtils;

/**
 * Primitive field encodings shared by the journal and the snapshots: stop-bit longs, length-prefixed
 * UTF-8 strings, big integers (a stop-bit long when they fit, two's-complement bytes otherwise) and
 * (unscaled, scale) decimals.
 */
public final class BinaryFields {

    private BinaryFields() {
    }

    /**
     * Strings are a stop-bit byte count followed by UTF-8 bytes. An ASCII string is stored by the JDK
     * as those very bytes, so it is written from its own array in one bulk copy.
     */
    public static void writeString(RecordWriter out, String value) {
        byte[] bytes = BACKING_ARRAY_READABLE ? StringUtils.extractBytes(value) : null;
        // A string's own array holds a byte a character exactly when every character fits one (else two each).
        if (bytes == null || bytes.length != value.length() || !isAscii(bytes)) {
            bytes = value.getBytes(StandardCharsets.UTF_8);
        }
        out.writeStopBit(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    /**
     * Whether Chronicle hands out a string's own array; where it cannot reach it (a JVM without the
     * module options), it hands out a one-byte-a-character copy that drops what does not fit, which the
     * length test above cannot tell from the real thing.
     */
    private static final boolean BACKING_ARRAY_READABLE = StringUtils.extractBytes("\u0100").length == 2;

    /** Reads eight bytes of an array at once, to test them together. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Whether every byte is below 0x80, eight at a time (addresses and hashes are dozens of bytes). */
    private static boolean isAscii(byte[] latin1) {
        int i = 0;
        long high = 0;
        for (; i + Long.BYTES <= latin1.length; i += Long.BYTES) {
            high |= (long) LONGS.get(latin1, i);
        }
        for (; i < latin1.length; i++) {
            high |= latin1[i];
        }
        return (high & HIGH_BITS) == 0;
    }

    public static String readString(BytesIn<?> in) {
        int length = readStringLength(in);
        byte[] bytes = length <= SCRATCH_SIZE ? SCRATCH.get() : new byte[length];
        in.read(bytes, 0, length);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * Reads a string written by {@link #writeString} that takes few distinct values (a chain, an
     * asset, a token, an account): repeated values come back as one shared instance.
     */
    public static String readSymbol(BytesIn<?> in) {
        return SymbolCache.get().read(in, readStringLength(in));
    }

    private static int readStringLength(BytesIn<?> in) {
        long length = in.readStopBit();
        if (length < 0 || length > in.readRemaining()) {
            throw new IllegalStateException("corrupt record: string of " + length + " bytes with "
                    + in.readRemaining() + " left");
        }
        return (int) length;
    }

    private static final int SCRATCH_SIZE = 512;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_SIZE]);

    public static void writeBigInteger(RecordWriter out, BigInteger value) {
        if (value.bitLength() < 63) {
            out.writeByte(0);
            out.writeStopBit(value.longValue());
        } else {
            byte[] bytes = value.toByteArray();
            out.writeByte(1);
            out.writeStopBit(bytes.length);
            out.write(bytes);
        }
    }

    public static BigInteger readBigInteger(BytesIn<?> in) {
        if (in.readByte() == 0) {
            return BigInteger.valueOf(in.readStopBit());
        }
        byte[] bytes = new byte[(int) in.readStopBit()];
        in.read(bytes);
        return new BigInteger(bytes);
    }

    public static void writeBigDecimal(RecordWriter out, BigDecimal value) {
        writeBigInteger(out, value.unscaledValue());
        out.writeStopBit(value.scale());
    }

    public static BigDecimal readBigDecimal(BytesIn<?> in) {
        BigInteger unscaled = readBigInteger(in);
        return new BigDecimal(unscaled, (int) in.readStopBit());
    }

    public static <V> void writeMap(RecordWriter out, SortedMap<String, V> map, BiConsumer<RecordWriter, V> writeValue) {
        out.writeStopBit(map.size());
        for (Map.Entry<String, V> entry : map.entrySet()) {
            writeString(out, entry.getKey());
            writeValue.accept(out, entry.getValue());
        }
    }

    public static <V> SortedMap<String, V> readMap(BytesIn<?> in, Function<BytesIn<?>, V> readValue) {
        long size = in.readStopBit();
        SortedMap<String, V> map = new TreeMap<>();
        for (long i = 0; i < size; i++) {
            String key = readString(in);
            map.put(key, readValue.apply(in));
        }
        return map;
    }
}
