package io.ballast.engine.state;

import java.math.BigInteger;

/**
 * Base units by finality tier. {@code finalized} is the final balance; {@code safe}, {@code unsafe}
 * and {@code pending} are the signed changes each less certain tier adds on top (a withdrawal in an
 * unsafe block makes {@code unsafe} negative).
 */
public record TierAmounts(BigInteger pending, BigInteger unsafe, BigInteger safe, BigInteger finalized) {

    public static final TierAmounts ZERO = new TierAmounts(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);

    /** The tiers of values cached at the finalized height, at the safe height and over all confirmed blocks. */
    static TierAmounts of(ExactSum pending, ExactSum confirmed, ExactSum safe, ExactSum finalized) {
        BigInteger atSafe = safe.toBigInteger();
        BigInteger atFinalized = finalized.toBigInteger();
        return new TierAmounts(pending.toBigInteger(), confirmed.toBigInteger().subtract(atSafe), atSafe.subtract(atFinalized),
                atFinalized);
    }

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
