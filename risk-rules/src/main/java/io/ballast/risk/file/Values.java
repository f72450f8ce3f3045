package io.ballast.risk.file;

import io.ballast.engine.model.Amounts;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Exact parsing of the value forms rule files use: percentages, fractions, durations. */
final class Values {

    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)");

    private Values() {
    }

    /** {@code "10%"} or {@code 0.1} as the fraction 0.1, exactly; must lie in [0, 1]. */
    static BigDecimal fraction(String text) {
        Matcher percent = PERCENT.matcher(text);
        BigDecimal value;
        if (percent.matches()) {
            value = new BigDecimal(percent.group(1)).movePointLeft(2);
        } else {
            try {
                value = Amounts.parseDecimal(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a percentage (10%) or a fraction (0.1)");
            }
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(text + " is outside 0% to 100%");
        }
        return value.stripTrailingZeros();
    }

    /** {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d} in seconds. */
    static long durationSeconds(String text) {
        Matcher duration = DURATION.matcher(text);
        if (!duration.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (30s, 10m, 2h or 1d)");
        }
        long amount = Long.parseLong(duration.group(1));
        switch (duration.group(2)) {
            case "s":
                return amount;
            case "m":
                return amount * 60;
            case "h":
                return amount * 3_600;
            default:
                return amount * 86_400;
        }
    }

    /** A fraction as people write it: 0.08 -> "8%". */
    static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
