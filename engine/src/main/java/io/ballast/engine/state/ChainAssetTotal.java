package io.ballast.engine.state;

import io.ballast.engine.model.Tier;

/**
 * All tracked accounts' holding of one asset on one chain: the sums over its account ledgers of the
 * values each ledger caches (value at the finalized height, at the safe height, over all confirmed
 * blocks, and pending). Ledgers push their changes here as they happen, so the aggregate costs nothing
 * to read. It exists while at least one ledger of its (chain, asset) does.
 *
 * <p>The same figures in whole tokens as doubles, for rule expressions, are converted on the first
 * read after a change and then served from a cache.
 */
public final class ChainAssetTotal {

    private final String chain;
    private final String asset;
    private final int decimals;
    /** Ledgers that add into this total; at zero it leaves the state. */
    int ledgers;
    private final ExactSum finalized = new ExactSum();
    private final ExactSum safe = new ExactSum();
    private final ExactSum confirmed = new ExactSum();
    private final ExactSum pending = new ExactSum();
    private boolean tokensStale = true;
    /** Where a tier's difference of two sums is worked out, so converting allocates nothing. */
    private final ExactSum difference = new ExactSum();
    private final double[] tokensByTier = new double[Tier.values().length];

    ChainAssetTotal(String chain, String asset, int decimals) {
        // Interned: rule evaluation compares these names with its own on every input.
        this.chain = chain.intern();
        this.asset = asset.intern();
        this.decimals = decimals;
    }

    /**
     * Takes a ledger's cached values out of the sums, before it changes them; {@link #join} puts the new
     * ones back. Two passes of 128-bit arithmetic cost less than comparing and allocating differences.
     */
    void leave(AccountLedger ledger) {
        finalized.subtract(ledger.finalizedValue);
        safe.subtract(ledger.safeValue);
        confirmed.subtract(ledger.confirmedValue);
        pending.subtract(ledger.pending);
    }

    void join(AccountLedger ledger) {
        finalized.add(ledger.finalizedValue);
        safe.add(ledger.safeValue);
        confirmed.add(ledger.confirmedValue);
        pending.add(ledger.pending);
        tokensStale = true;
    }

    /** A delta a ledger added to some of its values (the common case: one add per value). */
    void add(ExactSum delta, boolean toFinalized, boolean toSafe, boolean toConfirmed) {
        if (toFinalized) {
            finalized.add(delta);
        }
        if (toSafe) {
            safe.add(delta);
        }
        if (toConfirmed) {
            confirmed.add(delta);
        }
        tokensStale = true;
    }

    void addPending(ExactSum amount) {
        pending.add(amount);
        tokensStale = true;
    }

    public String chain() {
        return chain;
    }

    public String asset() {
        return asset;
    }

    /** The exact holding in base units by tier. */
    public TierAmounts tiers() {
        return TierAmounts.of(pending, confirmed, safe, finalized);
    }

    /** One tier of {@link #tiers()} in whole tokens, as the nearest double. */
    public double tokens(Tier tier) {
        if (tokensStale) {
            tokensByTier[Tier.PENDING.ordinal()] = pending.toTokensDouble(decimals);
            tokensByTier[Tier.UNSAFE.ordinal()] = difference(confirmed, safe);
            tokensByTier[Tier.SAFE.ordinal()] = difference(safe, finalized);
            tokensByTier[Tier.FINALIZED.ordinal()] = finalized.toTokensDouble(decimals);
            tokensStale = false;
        }
        return tokensByTier[tier.ordinal()];
    }

    /** The tokens of {@code upper - lower}, exactly, as {@link TierAmounts#of} takes the tiers apart. */
    private double difference(ExactSum upper, ExactSum lower) {
        difference.set(upper);
        difference.subtract(lower);
        return difference.toTokensDouble(decimals);
    }
}
