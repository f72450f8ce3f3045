package io.ballast.risk.eval;

import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.decision.LiquidationOrder;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.Valuation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Liquidation orders, as lending markets size them: for a position whose health factor is below 1,
 * repay the debt asset with the largest USD debt, at most the close factor of that debt (rounded
 * down to a base unit). A position that cannot be valued at fresh prices gets no order.
 */
final class LiquidationSizer {

    /** Orders for one position, or for every liquidatable position when {@code positionId} is null. */
    List<LiquidationOrder> orders(ExposureState state, String positionId, BigDecimal closeFactor, DecisionContext context) {
        List<LiquidationOrder> orders = new ArrayList<>();
        for (PositionObserved position : state.positions().values()) {
            if (positionId != null && !positionId.equals(position.id())) {
                continue;
            }
            Valuation.HealthFactor health = state.valuation().healthFactor(position.id());
            if (health.value().isEmpty() || health.value().get().compareTo(BigDecimal.ONE) >= 0) {
                continue;
            }
            String asset = largestDebt(state, position);
            BigInteger amount = new BigDecimal(position.debt().get(asset)).multiply(closeFactor)
                    .setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
            String subject = "liquidation/" + position.id();
            orders.add(new LiquidationOrder(context.nextId(subject), position.id(), asset, amount, "health factor "
                    + health.value().get().setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " < 1",
                    context.causeSeq()));
        }
        return orders;
    }

    private static String largestDebt(ExposureState state, PositionObserved position) {
        String largest = null;
        BigDecimal largestUsd = null;
        for (Map.Entry<String, BigInteger> debt : position.debt().entrySet()) {
            BigDecimal usd = state.valuation().usd(debt.getKey(), debt.getValue()).orElse(BigDecimal.ZERO);
            if (largestUsd == null || usd.compareTo(largestUsd) > 0) {
                largest = debt.getKey();
                largestUsd = usd;
            }
        }
        return largest;
    }
}
