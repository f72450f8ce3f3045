package io.ballast.engine.state;

/** One balance line: an account's holding of one token contract of one asset on one chain. */
public record LedgerKey(String chain, String asset, String token, String account) implements Comparable<LedgerKey> {

    @Override
    public int compareTo(LedgerKey other) {
        int order = chain.compareTo(other.chain);
        if (order == 0) {
            order = asset.compareTo(other.asset);
        }
        if (order == 0) {
            order = token.compareTo(other.token);
        }
        return order != 0 ? order : account.compareTo(other.account);
    }
}
