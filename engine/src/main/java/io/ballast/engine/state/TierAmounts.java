package io.ballast.engine.state;

import java.math.BigInteger;

/**
 * Base units by finality tier. {@code finalized} is the final balance; {@code safe}, {@code unsafe}
 * and {@code pending} are the signed changes each less certain tier adds on top (a withdrawal in an
 * unsafe block makes {@code unsafe} negative).
 */
public record TierAmounts(BigInteger pending, BigInteger unsafe, BigInteger safe, BigInteger finalized) {

    public static final TierAmounts ZERO = new TierAmounts(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);

    /** What is in blocks: unsafe + safe + finalized. */
    public BigInteger confirmed() {
        return unsafe.add(safe).add(finalized);
    }

    /** Confirmed plus the net pending amount. */
    public BigInteger total() {
        return confirmed().add(pending);
    }

    public TierAmounts plus(TierAmounts other) {
        return new TierAmounts(pending.add(other.pending), unsafe.add(other.unsafe), safe.add(other.safe),
                finalized.add(other.finalized));
    }
}
