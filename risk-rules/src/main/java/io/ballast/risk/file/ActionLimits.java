package io.ballast.risk.file;

import java.math.BigDecimal;

/**
 * The risk team's caps on the orders Ballast makes (rule files' {@code limits}): the notional of one
 * order, and of all orders over the last hour of engine time, in USD. An order past either is not
 * made; a built-in alert says why. Null: no such cap.
 */
public record ActionLimits(BigDecimal maxOrderUsd, BigDecimal maxUsdPerHour) {

    public static final ActionLimits NONE = new ActionLimits(null, null);

    public boolean any() {
        return maxOrderUsd != null || maxUsdPerHour != null;
    }
}
