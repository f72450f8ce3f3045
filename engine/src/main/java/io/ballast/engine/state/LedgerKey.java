package io.ballast.engine.state;

import java.util.Comparator;

/** One balance line: an account's holding of one token contract of one asset on one chain. */
public record LedgerKey(String chain, String asset, String token, String account) implements Comparable<LedgerKey> {

    private static final Comparator<LedgerKey> ORDER = Comparator.comparing(LedgerKey::chain)
            .thenComparing(LedgerKey::asset)
            .thenComparing(LedgerKey::token)
            .thenComparing(LedgerKey::account);

    @Override
    public int compareTo(LedgerKey other) {
        return ORDER.compare(this, other);
    }
}
