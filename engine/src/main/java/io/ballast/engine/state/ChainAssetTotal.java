package io.ballast.engine.state;

import java.math.BigInteger;

/**
 * The sums over every ledger of one (chain, asset) of the values each ledger caches: value at the
 * finalized height, at the safe height, over all confirmed blocks, and pending. Ledgers push their
 * changes here as they happen, so the aggregate costs nothing to read.
 */
final class ChainAssetTotal {

    private BigInteger finalized = BigInteger.ZERO;
    private BigInteger safe = BigInteger.ZERO;
    private BigInteger confirmed = BigInteger.ZERO;
    private BigInteger pending = BigInteger.ZERO;

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
    }

    private static BigInteger moved(BigInteger sum, BigInteger from, BigInteger to) {
        return from == to || from.equals(to) ? sum : sum.add(to.subtract(from));
    }

    TierAmounts tiers() {
        return new TierAmounts(pending, confirmed.subtract(safe), safe.subtract(finalized), finalized);
    }
}
