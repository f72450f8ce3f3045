package io.ballast.engine.state;

import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Tier;
import java.math.BigInteger;

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
    private BigInteger finalized = BigInteger.ZERO;
    private BigInteger safe = BigInteger.ZERO;
    private BigInteger confirmed = BigInteger.ZERO;
    private BigInteger pending = BigInteger.ZERO;
    private boolean tokensStale = true;
    private final double[] tokensByTier = new double[Tier.values().length];

    ChainAssetTotal(String chain, String asset, int decimals) {
        // Interned: rule evaluation compares these names with its own on every input.
        this.chain = chain.intern();
        this.asset = asset.intern();
        this.decimals = decimals;
    }

    /** Moves each sum from a ledger's old value to its new one; a value that did not change costs a compare. */
    void shift(BigInteger oldFinalized, BigInteger newFinalized, BigInteger oldSafe, BigInteger newSafe,
               BigInteger oldConfirmed, BigInteger newConfirmed, BigInteger oldPending, BigInteger newPending) {
        finalized = moved(finalized, oldFinalized, newFinalized);
        safe = moved(safe, oldSafe, newSafe);
        confirmed = moved(confirmed, oldConfirmed, newConfirmed);
        pending = moved(pending, oldPending, newPending);
    }

    /** A delta a ledger added to some of its values (the common case: one add per value, nothing to compare). */
    void add(BigInteger delta, boolean toFinalized, boolean toSafe, boolean toConfirmed) {
        if (toFinalized) {
            finalized = finalized.add(delta);
        }
        if (toSafe) {
            safe = safe.add(delta);
        }
        if (toConfirmed) {
            confirmed = confirmed.add(delta);
        }
        tokensStale = true;
    }

    private BigInteger moved(BigInteger sum, BigInteger from, BigInteger to) {
        if (from == to || from.equals(to)) {
            return sum;
        }
        tokensStale = true;
        return sum.add(to.subtract(from));
    }

    public String chain() {
        return chain;
    }

    public String asset() {
        return asset;
    }

    /** The exact holding in base units by tier. */
    public TierAmounts tiers() {
        return new TierAmounts(pending, confirmed.subtract(safe), safe.subtract(finalized), finalized);
    }

    /** One tier of {@link #tiers()} in whole tokens, as the nearest double. */
    public double tokens(Tier tier) {
        if (tokensStale) {
            TierAmounts tiers = tiers();
            tokensByTier[Tier.PENDING.ordinal()] = Amounts.toTokensDouble(tiers.pending(), decimals);
            tokensByTier[Tier.UNSAFE.ordinal()] = Amounts.toTokensDouble(tiers.unsafe(), decimals);
            tokensByTier[Tier.SAFE.ordinal()] = Amounts.toTokensDouble(tiers.safe(), decimals);
            tokensByTier[Tier.FINALIZED.ordinal()] = Amounts.toTokensDouble(tiers.finalized(), decimals);
            tokensStale = false;
        }
        return tokensByTier[tier.ordinal()];
    }
}
