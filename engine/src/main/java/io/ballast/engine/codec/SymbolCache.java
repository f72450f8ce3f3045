package io.ballast.engine.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.openhft.chronicle.bytes.BytesIn;

/**
 * Decodes the strings that repeat in nearly every record (chains, assets, tokens, accounts) to one
 * shared instance per value, so decoding them allocates nothing and the maps keyed by them hit the
 * string's cached hash and an identity check. Direct-mapped and bounded: a collision just replaces
 * the slot. Content is never changed, so state and hashes are unaffected. One per thread.
 */
final class SymbolCache {

    private static final int SLOTS = 4096;
    private static final int MAX_LENGTH = 96;
    private static final ThreadLocal<SymbolCache> PER_THREAD = ThreadLocal.withInitial(SymbolCache::new);

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    /** Where a symbol's bytes are read to before they are looked up. */
    final byte[] scratch = new byte[MAX_LENGTH];

    static SymbolCache get() {
        return PER_THREAD.get();
    }

    /** Reads a symbol of {@code length} bytes (at most {@link #MAX_LENGTH}) and returns its shared string. */
    String read(BytesIn<?> in, int length) {
        if (length > MAX_LENGTH) {
            byte[] bytes = new byte[length];
            in.read(bytes, 0, length);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        in.read(scratch, 0, length);
        return intern(scratch, length);
    }

    /** The string for {@code length} UTF-8 bytes at the start of {@code bytes}. */
    private String intern(byte[] bytes, int length) {
        int slot = slot(bytes, length);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, 0, length)) {
            return values[slot];
        }
        String value = new String(bytes, 0, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOf(bytes, length);
        values[slot] = value;
        return value;
    }

    /**
     * The slot of a symbol, from its length and its first and last eight bytes: constant time, and
     * enough to tell apart the chains, tokens and accounts of a desk (they differ at one end or the
     * other). A collision only costs a slot its entry.
     */
    private static int slot(byte[] bytes, int length) {
        long mixed;
        if (length >= Long.BYTES) {
            long head = (long) LONGS.get(bytes, 0);
            long tail = (long) LONGS.get(bytes, length - Long.BYTES);
            mixed = head * 0x9E3779B97F4A7C15L ^ tail * 0xC2B2AE3D27D4EB4FL ^ length;
        } else {
            mixed = length;
            for (int i = 0; i < length; i++) {
                mixed = mixed * 31 + bytes[i];
            }
            mixed *= 0x9E3779B97F4A7C15L;
        }
        int hash = (int) (mixed ^ (mixed >>> 32));
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }
}
