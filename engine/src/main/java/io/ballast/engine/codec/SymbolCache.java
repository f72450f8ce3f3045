package io.ballast.engine.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    static SymbolCache get() {
        return PER_THREAD.get();
    }

    /** The string for {@code length} UTF-8 bytes at the start of {@code bytes}. */
    String intern(byte[] bytes, int length) {
        if (length > MAX_LENGTH) {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
        int hash = 1;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + bytes[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, 0, length)) {
            return values[slot];
        }
        String value = new String(bytes, 0, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOf(bytes, length);
        values[slot] = value;
        return value;
    }
}
