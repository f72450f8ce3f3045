package io.ballast.risk.backtest;

import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.LiquidationOrder;
import io.ballast.engine.decision.RebalanceOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What changes between two back-tests of the same events: decisions matched by the input that
 * caused them and what they are about (journal seq, kind, subject, alert state). A decision only in
 * the second run appeared ({@code +}), only in the first disappeared ({@code -}), in both with other
 * values changed ({@code ~}). Ids are not compared: they depend on the order of decisions.
 */
public final class DecisionDiff {

    private DecisionDiff() {
    }

    /** One line of the difference, placed by the input that caused it. */
    private record Change(long seq, String line) {
    }

    /** @param render how a decision is shown (its JSON, say) */
    public static List<String> compare(List<Decision> before, List<Decision> after, Function<Decision, String> render) {
        Map<String, Decision> first = byKey(before);
        Map<String, Decision> second = byKey(after);
        List<Change> changes = new ArrayList<>();
        first.forEach((key, decision) -> {
            Decision other = second.get(key);
            if (other == null) {
                changes.add(new Change(decision.journalSeq(), "- " + render.apply(decision)));
            } else if (!withoutId(decision).equals(withoutId(other))) {
                changes.add(new Change(decision.journalSeq(), "~ " + render.apply(decision) + " => " + render.apply(other)));
            }
        });
        second.forEach((key, decision) -> {
            if (!first.containsKey(key)) {
                changes.add(new Change(decision.journalSeq(), "+ " + render.apply(decision)));
            }
        });
        changes.sort(Comparator.comparingLong(Change::seq));
        return changes.stream().map(Change::line).toList();
    }

    private static Map<String, Decision> byKey(List<Decision> decisions) {
        Map<String, Decision> keyed = new LinkedHashMap<>();
        for (Decision decision : decisions) {
            keyed.put(decision.journalSeq() + "|" + decision.getClass().getSimpleName() + "|" + decision.subject()
                    + (decision instanceof Alert alert ? "|" + alert.state() : ""), decision);
        }
        return keyed;
    }

    private static Object withoutId(Decision decision) {
        if (decision instanceof Alert a) {
            return new Alert("", a.rule(), a.severity(), a.state(), a.scope(), a.value(), a.threshold(), a.journalSeq(), a.eventTime(),
                    a.message());
        }
        if (decision instanceof RebalanceOrder r) {
            return new RebalanceOrder("", r.asset(), r.fromChain(), r.toChain(), r.amount(), r.reason(), r.journalSeq());
        }
        LiquidationOrder l = (LiquidationOrder) decision;
        return new LiquidationOrder("", l.position(), l.asset(), l.amount(), l.reason(), l.journalSeq());
    }
}
