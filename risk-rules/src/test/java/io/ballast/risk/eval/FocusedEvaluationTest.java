package io.ballast.risk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.StateSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Skipping the rules an event cannot move changes no decision: compared against evaluating every rule on every event. */
class FocusedEvaluationTest {

    private static final String RULES = String.join("\n", RandomDeskEvents.INVENTORY,
            "rules:",
            "  - { id: low, scope: { asset: USDC, chain: \"*\" }, when: balance < 2000, clear-when: balance >= 2500, severity: info }",
            "  - { id: share, scope: { asset: WETH, chain: \"*\" }, when: share > 0.5, severity: info }",
            "  - { id: base-low, scope: { asset: USDC, chain: base }, when: balance < 1500, clear-when: allocation > 0.3, severity: info }",
            "  - { id: arb-pending, scope: { asset: USDC, chain: arbitrum }, when: pending < -1000, severity: info }",
            "  - { id: targeted, scope: { asset: USDC, chain: \"*\" }, when: target > 0.15, severity: info }",
            "  - { id: usd-on-chain, scope: { chain: \"*\" }, when: usd > 100000.0 && reorg_depth < 5.0, severity: info }",
            "  - { id: op, scope: { asset: USDC, group: superchain }, when: share > 0.3, severity: info }",
            "  - { id: pending, scope: { asset: USDC }, when: pending < -500, severity: info }",
            "  - { id: unsafe, scope: { chain: \"*\" }, when: unsafe_usd > 20000, severity: info }",
            "  - { id: stalled, scope: { chain: \"*\" }, when: seconds_since_head > 30.0, severity: info }",
            "  - { id: stale, scope: { asset: WETH }, when: price_age_seconds > 60, severity: info }",
            "  - { id: solvency, scope: portfolio, when: effective_usd < 50000, severity: info }");

    @Test
    void focusedAndExhaustiveEvaluationDecideAlike() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Event> events = RandomDeskEvents.of(seed, RULES, true);
            List<Decision> focused = run(events, false);
            List<Decision> exhaustive = run(events, true);
            for (int i = 0; i < Math.min(exhaustive.size(), focused.size()); i++) {
                assertEquals(exhaustive.get(i), focused.get(i), "seed " + seed + ", decision " + i);
            }
            assertEquals(exhaustive.size(), focused.size(), "seed " + seed);
            assertTrue(focused.size() > 20, "the workload makes decisions: " + focused.size());
        }
    }

    private static List<Decision> run(List<Event> events, boolean everything) {
        Catalogue catalogue = Catalogue.defaults();
        ExposureState state = new ExposureState(catalogue, StateSettings.defaults());
        RuleEngine engine = new RuleEngine(catalogue);
        engine.evaluateEverything = everything;
        List<Decision> decisions = new ArrayList<>();
        long seq = 0;
        for (Event event : events) {
            state.apply(++seq, event);
            DecisionContext context = new DecisionContext(seq, state.incidents());
            engine.decide(event, state, context);
            decisions.addAll(context.decisions());
        }
        assertTrue(StateCodec.hash(state).length() == 64);
        return decisions;
    }
}
