package io.ballast.ops.live;

import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.decision.LiquidationOrder;
import io.ballast.engine.decision.RebalanceOrder;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Catalogue;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The decisions of this process as people read them: one line each (the console prints it), the
 * most recent ones, and the alerts firing with their severity. Fed by the engine's decision
 * subscription; read from HTTP threads.
 */
public final class DecisionLog {

    private static final int RECENT = 100;

    private final Catalogue catalogue;
    private final ArrayDeque<Picture.DecisionRow> recent = new ArrayDeque<>();
    private final Map<String, Alert> firing = new TreeMap<>();

    public DecisionLog(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** Records a decision and returns its line. */
    public synchronized String record(Decision decision, String orderRoute) {
        String text = describe(decision, orderRoute);
        String severity = "";
        String state = "";
        if (decision instanceof Alert alert) {
            severity = alert.severity().label();
            state = alert.state().label();
            if (alert.state() == Alert.State.FIRING) {
                firing.put(alert.subject(), alert);
            } else {
                firing.remove(alert.subject());
            }
        }
        recent.addFirst(new Picture.DecisionRow(decision.id(), DecisionJson.typeOf(decision), severity, state, decision.journalSeq(), text));
        while (recent.size() > RECENT) {
            recent.removeLast();
        }
        return text;
    }

    /** One line for a person: what was decided, where, and why. */
    public String describe(Decision decision, String orderRoute) {
        if (decision instanceof Alert alert) {
            return String.format("alert %-8s %-8s %s: %s", alert.state().label(), alert.severity().label(), alert.subject(), alert.message());
        }
        if (decision instanceof RebalanceOrder order) {
            return "order rebalance " + tokens(order.asset(), order.amount()) + " " + order.asset() + " " + order.fromChain() + " -> "
                    + order.toChain() + " (" + order.reason() + ") [" + orderRoute + "]";
        }
        LiquidationOrder order = (LiquidationOrder) decision;
        return "order liquidation " + tokens(order.asset(), order.amount()) + " " + order.asset() + " of " + order.position() + " ("
                + order.reason() + ") [" + orderRoute + "]";
    }

    private String tokens(String asset, BigInteger amount) {
        return Amounts.toDecimalString(amount, catalogue.asset(asset).orElseThrow().decimals());
    }

    public synchronized List<Picture.DecisionRow> recent() {
        return new ArrayList<>(recent);
    }

    /** Alerts known to fire: subject to alert, for those that fired while this process ran. */
    public synchronized Map<String, Alert> firing() {
        return new TreeMap<>(firing);
    }
}
