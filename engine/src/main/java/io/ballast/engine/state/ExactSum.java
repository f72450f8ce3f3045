package io.ballast.engine.state;

import io.ballast.engine.model.Amounts;
import java.math.BigInteger;

/**
 * A mutable, exact amount of base units for the ledger's hot path. While the value fits it is a signed
 * 128-bit two's-complement number in two longs (2^127 base units are 1.7e20 tokens at 18 decimals, far
 * beyond any real balance), so adding allocates nothing; a value outside that range is held as a
 * {@link BigInteger}, so sums stay exact whatever the amounts. The representation is canonical: a value
 * that fits is never held wide.
 */
final class ExactSum {

    private long hi;
    private long lo;
    /** The value when it does not fit in 128 bits, else null. */
    private BigInteger wide;

    void set(BigInteger value) {
        int bits = value.bitLength();
        if (bits < 64) {
            lo = value.longValue();
            hi = lo >> 63;
            wide = null;
        } else if (bits < 128) {
            lo = value.longValue();
            hi = value.shiftRight(64).longValue();
            wide = null;
        } else {
            wide = value;
        }
    }

    void set(ExactSum other) {
        hi = other.hi;
        lo = other.lo;
        wide = other.wide;
    }

    void add(BigInteger value) {
        if (wide == null && value.bitLength() < 64) {
            long v = value.longValue();
            add(v >> 63, v);
        } else {
            set(toBigInteger().add(value));
        }
    }

    void add(ExactSum other) {
        if (wide == null && other.wide == null) {
            add(other.hi, other.lo);
        } else {
            set(toBigInteger().add(other.toBigInteger()));
        }
    }

    void subtract(ExactSum other) {
        if (wide == null && other.wide == null && other.hi != Long.MIN_VALUE) {
            // two's complement negation: ~x + 1 over both words
            add(~other.hi + (other.lo == 0 ? 1 : 0), -other.lo);
        } else {
            set(toBigInteger().subtract(other.toBigInteger()));
        }
    }

    /** Negates the value in place. */
    void negate() {
        if (wide == null && hi != Long.MIN_VALUE) {
            hi = ~hi + (lo == 0 ? 1 : 0);
            lo = -lo;
        } else {
            set(toBigInteger().negate());
        }
    }

    private void add(long otherHi, long otherLo) {
        long sumLo = lo + otherLo;
        long carry = Long.compareUnsigned(sumLo, lo) < 0 ? 1 : 0;
        long partial = hi + otherHi;
        long sumHi = partial + carry;
        // A signed overflow of the high word: operands of one sign, a result of the other (either step).
        if (((hi ^ partial) & (otherHi ^ partial)) < 0 || ((partial ^ sumHi) & (carry ^ sumHi)) < 0) {
            set(toBigInteger().add(of(otherHi, otherLo)));
            return;
        }
        lo = sumLo;
        hi = sumHi;
    }

    /** Whether the sum equals {@code value}; allocates nothing while both fit in a long. */
    boolean isEqualTo(BigInteger value) {
        if (wide == null && value.bitLength() < 64) {
            return hi == lo >> 63 && lo == value.longValue();
        }
        return toBigInteger().equals(value);
    }

    boolean isZero() {
        return wide == null ? (hi | lo) == 0 : wide.signum() == 0;
    }

    /** The value in whole tokens as the nearest double ({@link Amounts#toTokensDouble}), allocating nothing while it fits a long. */
    double toTokensDouble(int decimals) {
        return wide == null && hi == lo >> 63 ? Amounts.toTokensDouble(lo, decimals) : Amounts.toTokensDouble(toBigInteger(), decimals);
    }

    BigInteger toBigInteger() {
        return wide != null ? wide : of(hi, lo);
    }

    private static BigInteger of(long hi, long lo) {
        if (hi == lo >> 63) {
            return BigInteger.valueOf(lo);
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (hi >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return new BigInteger(bytes);
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
