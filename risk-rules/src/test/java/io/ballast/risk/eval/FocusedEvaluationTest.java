package io.ballast.risk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.BridgeStatus;
import io.ballast.engine.event.BridgeTransferUpdated;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.FinalityAdvanced;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Tier;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.StateSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Skipping the rules an event cannot move changes no decision: compared against evaluating every rule on every event. */
class FocusedEvaluationTest {

    private static final String[] CHAINS = {"ethereum", "arbitrum", "optimism", "base"};
    private static final String[] ASSETS = {"USDC", "WETH"};
    private static final String RULES = String.join("\n",
            "haircuts: { unsafe: 0.5, safe: 0.9 }",
            "groups: { superchain: [optimism, base] }",
            "inventory:",
            "  USDC: { hub: ethereum, max-amount: 5000, min-amount: 10, cooldown: 30s, chains: { arbitrum: { target: 20%, threshold: 15% },"
                    + " base: { target: 20%, threshold: 10% } } }",
            "  WETH: { hub: ethereum, max-amount: 50, min-amount: 1, chains: { optimism: { target: 30%, threshold: 20% } } }",
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
            List<Event> events = workload(seed);
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

    private static List<Event> workload(long seed) {
        Random random = new Random(seed);
        Catalogue catalogue = Catalogue.defaults();
        List<Event> events = new ArrayList<>();
        TreeMap<String, String> files = new TreeMap<>();
        files.put("rules.yaml", RULES);
        events.add(new RulesVersionMarked("v1", files));
        long time = 1_700_000_000L;
        long[] head = new long[CHAINS.length];
        for (int i = 0; i < 3_000; i++) {
            int c = random.nextInt(CHAINS.length);
            String chain = CHAINS[c];
            String asset = ASSETS[random.nextInt(ASSETS.length)];
            String token = catalogue.resolveToken(chain, asset, null);
            BigInteger amount = BigInteger.valueOf(1 + random.nextInt(3_000)).multiply(BigInteger.TEN.pow(asset.equals("USDC") ? 6 : 16));
            int kind = random.nextInt(20);
            if (kind < 8) {
                boolean in = random.nextBoolean();
                events.add(new TransferObserved(chain, asset, token, in ? "0xu" : "0xdesk", in ? "0xdesk" : "0xu", amount, "0x" + i, 0,
                        Math.max(head[c], 1)));
            } else if (kind < 10) {
                events.add(new BalanceObserved(chain, asset, token, "0xdesk", amount.multiply(BigInteger.TEN), Event.NONE));
            } else if (kind < 12) {
                events.add(new PendingTransferObserved(chain, asset, token, "0xdesk", "0xu", amount, "0xp" + i, Event.NONE));
            } else if (kind < 16) {
                time += random.nextInt(20);
                head[c]++;
                events.add(new BlockObserved(chain, head[c], "0x" + c + "-" + head[c], "0x" + c + "-" + (head[c] - 1), time));
            } else if (kind < 17) {
                events.add(new FinalityAdvanced(chain, Tier.FINALIZED, Math.max(0, head[c] - 2)));
            } else if (kind < 19) {
                time += random.nextInt(5);
                events.add(new PriceObserved(asset, asset.equals("USDC") ? BigDecimal.ONE : new BigDecimal(2000 + random.nextInt(2000)),
                        time, "test"));
            } else if (random.nextBoolean()) {
                events.add(new BridgeTransferUpdated("b" + i, asset, "ethereum", chain, amount, BridgeStatus.INITIATED, 60, time));
            } else {
                // one transaction, two tokens: seen pending as USDC, confirmed by its WETH log, so the USDC pending goes too
                String usdc = catalogue.resolveToken(chain, "USDC", null);
                String weth = catalogue.resolveToken(chain, "WETH", null);
                events.add(new PendingTransferObserved(chain, "USDC", usdc, "0xdesk", "0xu", BigInteger.valueOf(900_000_000L), "0xm" + i,
                        Event.NONE));
                events.add(new TransferObserved(chain, "WETH", weth, "0xu", "0xdesk", amount, "0xm" + i, 1, Math.max(head[c], 1)));
            }
        }
        return events;
    }
}
