package io.ballast.engine.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumTest {

    private static final BigInteger TWO_127 = BigInteger.ONE.shiftLeft(127);

    /** Values around every boundary the two-word arithmetic has: word carries, the 128-bit edge, beyond it. */
    private static BigInteger sample(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> BigInteger.valueOf(random.nextLong());
            case 1 -> BigInteger.valueOf(random.nextInt(1000) - 500);
            case 2 -> new BigInteger(100, random).subtract(BigInteger.ONE.shiftLeft(99));
            case 3 -> TWO_127.subtract(BigInteger.valueOf(random.nextInt(3))).multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
            case 4 -> BigInteger.ONE.shiftLeft(64).subtract(BigInteger.valueOf(random.nextInt(3) - 1)).negate();
            case 5 -> new BigInteger(200, random).negate();
            default -> BigInteger.valueOf(Long.MIN_VALUE).add(BigInteger.valueOf(random.nextInt(3) - 1));
        };
    }

    @Test
    void addsAndSubtractsExactlyAcrossTheWordAndWidthBoundaries() {
        Random random = new Random(7);
        for (int run = 0; run < 2_000; run++) {
            ExactSum sum = new ExactSum();
            ExactSum other = new ExactSum();
            BigInteger expected = sample(random);
            sum.set(expected);
            for (int step = 0; step < 20; step++) {
                BigInteger operand = sample(random);
                switch (random.nextInt(3)) {
                    case 0 -> {
                        sum.add(operand);
                        expected = expected.add(operand);
                    }
                    case 1 -> {
                        other.set(operand);
                        sum.add(other);
                        expected = expected.add(operand);
                    }
                    default -> {
                        other.set(operand);
                        sum.subtract(other);
                        expected = expected.subtract(operand);
                    }
                }
                assertEquals(expected, sum.toBigInteger(), "run " + run + " step " + step);
                assertEquals(expected.signum() == 0, sum.isZero());
            }
        }
    }

    @Test
    void tokensAreTheNearestDoubleOfTheExactAmountAtEveryWidth() {
        Random random = new Random(11);
        ExactSum sum = new ExactSum();
        for (int run = 0; run < 20_000; run++) {
            BigInteger value = random.nextBoolean() ? sample(random) : BigInteger.valueOf(random.nextLong() >> random.nextInt(64));
            int decimals = new int[] {0, 6, 8, 18, 24}[random.nextInt(5)];
            sum.set(value);
            assertEquals(new BigDecimal(value, decimals).doubleValue(), sum.toTokensDouble(decimals), value + " at " + decimals);
        }
    }

    @Test
    void equalityWithABigIntegerHoldsExactlyAtEveryWidth() {
        Random random = new Random(13);
        ExactSum sum = new ExactSum();
        for (int run = 0; run < 20_000; run++) {
            BigInteger value = sample(random);
            sum.set(value);
            BigInteger other = random.nextBoolean() ? value : value.add(BigInteger.ONE.shiftLeft(random.nextInt(130)));
            assertEquals(value.equals(other), sum.isEqualTo(other), value + " vs " + other);
        }
    }

    @Test
    void negatesExactlyAtEveryWidth() {
        Random random = new Random(17);
        ExactSum sum = new ExactSum();
        for (int run = 0; run < 20_000; run++) {
            BigInteger value = sample(random);
            sum.set(value);
            sum.negate();
            assertEquals(value.negate(), sum.toBigInteger(), "-(" + value + ")");
            sum.add(value);
            assertTrue(sum.isZero(), "-x + x for " + value);
        }
    }

    @Test
    void aValueBackInRangeIsHeldNarrowAgain() {
        ExactSum sum = new ExactSum();
        sum.set(TWO_127);
        sum.add(BigInteger.ONE.negate());
        assertEquals(TWO_127.subtract(BigInteger.ONE), sum.toBigInteger());
        sum.add(TWO_127.negate());
        assertEquals(BigInteger.ONE.negate(), sum.toBigInteger());
        sum.add(BigInteger.ONE);
        assertTrue(sum.isZero());
    }

    @Test
    void theMostNegativeValueNegatesThroughTheWidePath() {
        ExactSum min = new ExactSum();
        min.set(TWO_127.negate());
        ExactSum sum = new ExactSum();
        sum.subtract(min);
        assertEquals(TWO_127, sum.toBigInteger());
        assertFalse(sum.isZero());
    }
}
