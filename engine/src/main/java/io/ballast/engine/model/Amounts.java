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

    /** Parses a plain decimal (no exponent, no sign other than a leading minus, no spaces). */
    public static BigDecimal parseDecimal(String text) {
        if (text == null || text.isEmpty() || !text.matches("-?\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("'" + text + "' is not a decimal number");
        }
        return new BigDecimal(text);
    }
}
