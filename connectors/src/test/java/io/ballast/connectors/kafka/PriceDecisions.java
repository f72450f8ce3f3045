package io.ballast.connectors.kafka;

import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.decision.DecisionMaker;
import io.ballast.engine.decision.LiquidationOrder;
import io.ballast.engine.decision.RebalanceOrder;
import io.ballast.engine.decision.Scope;
import io.ballast.engine.decision.Severity;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.state.ExposureState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.TreeMap;

/**
 * Decisions of every type the outbox publishes, on cue: each price gives an alert on its asset; a USDC
 * price also a rebalance order, a WBTC price also a liquidation order. (Connectors do not depend on the
 * rule module, and the outbox does not care who decides.)
 */
final class PriceDecisions implements DecisionMaker {

    static String line(String asset, String usd, long timestamp) {
        return "{\"type\":\"price\",\"asset\":\"" + asset + "\",\"usd\":\"" + usd + "\",\"timestamp\":" + timestamp + "}";
    }

    @Override
    public void decide(Event event, ExposureState state, DecisionContext context) {
        if (!(event instanceof PriceObserved price)) {
            return;
        }
        TreeMap<String, String> fields = new TreeMap<>();
        fields.put("asset", price.asset());
        Scope scope = new Scope("asset", fields);
        context.emit(new Alert(context.nextId("price-seen/" + scope.key()), "price-seen", Severity.INFO, Alert.State.FIRING,
                scope, price.usd().doubleValue(), 0.0, context.causeSeq(), price.timestamp(),
                price.asset() + " at " + price.usd().toPlainString() + " USD"));
        if (price.asset().equals("USDC")) {
            context.emit(new RebalanceOrder(context.nextId("rebalance/USDC/arbitrum"), "USDC", "ethereum", "arbitrum",
                    new BigDecimal("250.5").movePointRight(6).toBigIntegerExact(), "allocation 6.1% < threshold 8%",
                    context.causeSeq()));
        } else if (price.asset().equals("WBTC")) {
            context.emit(new LiquidationOrder(context.nextId("liquidation/p-1"), "p-1", "WBTC", BigInteger.valueOf(12_345_678),
                    "health factor 0.93 < 1", context.causeSeq()));
        }
    }
}
