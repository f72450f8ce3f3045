package io.ballast.engine.model;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Exact conversion between decimal token amounts ({@code "1015.5"}) and integer base units. */
public final class Amounts {

    private Amounts() {
    }

    /**
     * Parses a decimal string into base units.
     *
     * @throws IllegalArgumentException if the text is not a plain decimal number or carries more
     *                                  fractional digits than the asset has decimals
     */
    public static BigInteger toBaseUnits(String text, int decimals) {
        BigDecimal value = parseDecimal(text);
        if (value.stripTrailingZeros().scale() > decimals) {
            throw new IllegalArgumentException("amount '" + text + "' has more than " + decimals + " decimals");
        }
        return value.movePointRight(decimals).toBigIntegerExact();
    }

    /** Formats base units as a decimal string without trailing zeros ({@code 1015500000, 6 -> "1015.5"}). */
    public static String toDecimalString(BigInteger baseUnits, int decimals) {
        BigDecimal value = new BigDecimal(baseUnits, decimals).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
    }

    /** Whole token units, for reports: base units divided by {@code 10^decimals}, exact. */
    public static BigDecimal toTokens(BigInteger baseUnits, int decimals) {
        return new BigDecimal(baseUnits, decimals);
    }

    /** Powers of ten a double holds exactly (up to 10^22). */
    private static final double[] EXACT_POWERS_OF_TEN = new double[23];

    static {
        double power = 1;
        for (int i = 0; i < EXACT_POWERS_OF_TEN.length; i++) {
            EXACT_POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    /**
     * Whole token units as the nearest double, as the rule expressions read them. The same double as
     * {@code toTokens(...).doubleValue()}: below 2^53 base units both operands of the division are
     * exact and IEEE division rounds once; larger amounts take the exact path.
     */
    public static double toTokensDouble(BigInteger baseUnits, int decimals) {
        return baseUnits.bitLength() < 53 ? toTokensDouble(baseUnits.longValue(), decimals)
                : new BigDecimal(baseUnits, decimals).doubleValue();
    }

    /** {@link #toTokensDouble(BigInteger, int)} of an amount held in a long, allocating nothing below 2^53 base units. */
    public static double toTokensDouble(long baseUnits, int decimals) {
        if (baseUnits > -(1L << 53) && baseUnits < 1L << 53 && decimals < EXACT_POWERS_OF_TEN.length) {
            return baseUnits / EXACT_POWERS_OF_TEN[decimals];
        }
        return new BigDecimal(BigInteger.valueOf(baseUnits), decimals).doubleValue();
    }

    /** Parses a plain decimal (no exponent, no sign other than a leading minus, no spaces). */
    public static BigDecimal parseDecimal(String text) {
        if (text == null || text.isEmpty() || !text.matches("-?\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("'" + text + "' is not a decimal number");
        }
        return new BigDecimal(text);
    }
}
