package io.ballast.risk.eval;

import io.ballast.engine.state.ExposureState;
import io.ballast.risk.file.ActionLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The rule set's caps on orders ({@link ActionLimits}), applied to an order about to be made: its USD
 * notional at the asset's fresh price against the per-order cap, and with the orders of the last hour
 * of engine time against the hourly cap. Fail closed: with a cap in force and no fresh price, no order.
 * Engine time and the journalled state decide, so a replay caps the same orders.
 */
final class OrderLimits {

    private OrderLimits() {
    }

    /**
     * Admits the order (counting its notional toward the hour) or says why it may not be made.
     *
     * @return empty when admitted; otherwise the reason, to finish a sentence about the order ("…, but …")
     */
    static Optional<String> admit(ExposureState state, ActionLimits limits, String asset, BigInteger amount) {
        if (!limits.any()) {
            return Optional.empty();
        }
        Optional<BigDecimal> notional = state.valuation().usd(asset, amount);
        if (notional.isEmpty()) {
            return Optional.of("no fresh " + asset + " price to check it against the limits");
        }
        BigDecimal usd = notional.get();
        if (limits.maxOrderUsd() != null && usd.compareTo(limits.maxOrderUsd()) > 0) {
            return Optional.of("its notional " + dollars(usd) + " USD is above max-order-usd " + dollars(limits.maxOrderUsd()));
        }
        long now = state.clock();
        BigDecimal hour = state.orders().spentInHourTo(now).add(usd);
        if (limits.maxUsdPerHour() != null && hour.compareTo(limits.maxUsdPerHour()) > 0) {
            return Optional.of("with it the last hour's orders would come to " + dollars(hour) + " USD, above max-usd-per-hour "
                    + dollars(limits.maxUsdPerHour()));
        }
        state.orders().spend(now, usd);
        return Optional.empty();
    }

    private static String dollars(BigDecimal usd) {
        return usd.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
