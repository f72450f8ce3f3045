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

    /** Moves each sum from a ledger's old value to its new one; unchanged values cost a reference compare. */
    void shift(BigInteger oldFinalized, BigInteger newFinalized, BigInteger oldSafe, BigInteger newSafe,
               BigInteger oldConfirmed, BigInteger newConfirmed, BigInteger oldPending, BigInteger newPending) {
        if (oldFinalized != newFinalized) {
            finalized = finalized.add(newFinalized).subtract(oldFinalized);
        }
        if (oldSafe != newSafe) {
            safe = safe.add(newSafe).subtract(oldSafe);
        }
        if (oldConfirmed != newConfirmed) {
            confirmed = confirmed.add(newConfirmed).subtract(oldConfirmed);
        }
        if (oldPending != newPending) {
            pending = pending.add(newPending).subtract(oldPending);
        }
    }

    TierAmounts tiers() {
        return new TierAmounts(pending, confirmed.subtract(safe), safe.subtract(finalized), finalized);
    }
}
