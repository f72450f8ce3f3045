package io.ballast.ops.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.Ballast;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.LiquidationOrder;
import io.ballast.engine.decision.RebalanceOrder;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.BridgeStatus;
import io.ballast.engine.event.BridgeTransferUpdated;
import io.ballast.engine.event.FinalityAdvanced;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Tier;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.file.RuleFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default's world: deterministic, at real block times, and eventful where its script says. */
class DeskSimulationTest {

    private static final List<String> CHAINS = List.of("ethereum", "arbitrum", "optimism", "base");
    private static final long START = 1_767_225_600L;
    private static final long MINUTE = 60_000;

    private static List<DeskSimulation.Step> play(long seed, long untilMillis) {
        DeskSimulation simulation = new DeskSimulation(Catalogue.defaults(), seed, CHAINS, START);
        List<DeskSimulation.Step> steps = new ArrayList<>();
        for (DeskSimulation.Step step = simulation.next(); step.atMillis() < untilMillis; step = simulation.next()) {
            steps.add(step);
        }
        return steps;
    }

    @Test
    void aSeedPlaysTheSameEventsEveryTimeAndAnotherSeedOthers() {
        List<DeskSimulation.Step> once = play(42, 10 * MINUTE);
        assertEquals(once, play(42, 10 * MINUTE));
        assertNotEquals(once, play(43, 10 * MINUTE));
        for (int i = 0; i < once.size(); i++) {
            assertEquals(i + 1, once.get(i).index(), "steps are numbered without gaps");
            assertTrue(i == 0 || once.get(i - 1).atMillis() <= once.get(i).atMillis(), "steps come in time order");
        }
    }

    @Test
    void eachChainMinesAtItsBlockTimeWithTransfersMempoolFinalityAndNowAndThenAReorg() {
        List<DeskSimulation.Step> steps = play(42, 30 * MINUTE);
        Map<String, Long> blocks = new HashMap<>();
        Map<String, Long> head = new HashMap<>();
        Map<String, Integer> reorgs = new HashMap<>();
        Map<String, Long> finalized = new HashMap<>();
        Map<String, Long> safe = new HashMap<>();
        long pending = 0;
        long transfers = 0;
        for (DeskSimulation.Step step : steps) {
            if (step.event() instanceof BlockObserved block) {
                blocks.merge(block.chain(), 1L, Long::sum);
                if (head.containsKey(block.chain()) && block.number() <= head.get(block.chain())) {
                    reorgs.merge(block.chain(), 1, Integer::sum);
                }
                head.put(block.chain(), block.number());
                assertEquals(START + step.atMillis() / 1000, block.timestamp());
            } else if (step.event() instanceof FinalityAdvanced finality) {
                (finality.tier() == Tier.SAFE ? safe : finalized).merge(finality.chain(), finality.number(), Math::max);
            } else if (step.event() instanceof PendingTransferObserved) {
                pending++;
            } else if (step.event() instanceof TransferObserved) {
                transfers++;
            }
        }
        // 30 minutes: ethereum 12 s blocks, arbitrum 0.25 s (less its 45 s stall), optimism and base 2 s — reorgs replay a block or two
        assertBetween(150, 152, blocks.get("ethereum"));
        assertBetween(7_020, 7_100, blocks.get("arbitrum"));
        assertBetween(900, 915, blocks.get("optimism"));
        assertBetween(900, 915, blocks.get("base"));
        for (String chain : CHAINS) {
            assertTrue(finalized.get(chain) < safe.get(chain) && safe.get(chain) < head.get(chain), chain + " finalized < safe < head");
        }
        assertTrue(reorgs.values().stream().mapToInt(Integer::intValue).sum() >= 3, "about one reorg per chain per ten minutes: " + reorgs);
        assertTrue(pending > transfers / 5 && transfers > 2_000, "a quarter of " + transfers + " transfers seen pending first, got " + pending);
    }

    @Test
    void theScriptStallsTheSecondChainSilencesTheEthOracleAndBridgesComplete() {
        List<DeskSimulation.Step> steps = play(42, 30 * MINUTE);
        long lastArbitrumBlock = 0;
        long longestArbitrumGap = 0;
        long lastEthPrice = 0;
        long longestEthSilence = 0;
        int initiated = 0;
        int completed = 0;
        for (DeskSimulation.Step step : steps) {
            if (step.event() instanceof BlockObserved block && block.chain().equals("arbitrum")) {
                longestArbitrumGap = Math.max(longestArbitrumGap, step.atMillis() - lastArbitrumBlock);
                lastArbitrumBlock = step.atMillis();
            } else if (step.event() instanceof PriceObserved price && price.asset().equals("ETH")) {
                longestEthSilence = Math.max(longestEthSilence, step.atMillis() - lastEthPrice);
                lastEthPrice = step.atMillis();
            } else if (step.event() instanceof BridgeTransferUpdated bridge) {
                if (bridge.status() == BridgeStatus.INITIATED) {
                    initiated++;
                } else {
                    completed++;
                }
            }
        }
        assertEquals(45_250, longestArbitrumGap, "7:00 to 7:45 without a block, then the next at its block time");
        assertEquals(6 * MINUTE + 6_000, longestEthSilence, "no ETH price from minute 12 to 18");
        assertTrue(initiated >= 3 && completed >= 2, "bridges started " + initiated + ", completed " + completed);
    }

    /**
     * The example rules on the first half hour, applied in order by an engine without actors: the
     * script makes them fire as designed — the dip takes the margin position below 1 (a liquidation
     * order), the stall trips chain-stalled on arbitrum, the quiet oracle trips stale-eth-price, and
     * the L2s drain under their thresholds (rebalance orders from the hub).
     */
    @Test
    void theExampleRulesSeeWhatTheScriptDoes(@TempDir Path dir) {
        Catalogue catalogue = Catalogue.defaults();
        List<Decision> decisions = new ArrayList<>();
        Ballast.Builder builder = Ballast.builder().dataDirectory(dir).trackAccount(DeskSimulation.DESK, DeskSimulation.DESK_LABEL);
        RuleEngine.addTo(builder, catalogue);
        try (Ballast ballast = builder.build()) {
            ballast.subscribe(decisions::add);
            ballast.submit(RuleFiles.read(List.of(Path.of("../examples/rules.yaml"))));
            play(42, 30 * MINUTE).forEach(step -> ballast.submit(step.event()));
        }
        assertTrue(fired(decisions, "margin-health/position[position=" + DeskSimulation.POSITION + "]"), "the dip");
        assertTrue(decisions.stream().anyMatch(d -> d instanceof LiquidationOrder order && order.position().equals(DeskSimulation.POSITION)));
        assertTrue(fired(decisions, "chain-stalled/chain[chain=arbitrum]"), "the stall");
        assertTrue(fired(decisions, "stale-eth-price/asset[asset=ETH]"), "the quiet oracle");
        assertTrue(decisions.stream().anyMatch(d -> d instanceof RebalanceOrder order && order.fromChain().equals("ethereum")), "rebalances");
        assertTrue(decisions.stream().noneMatch(d -> d instanceof Alert alert && alert.rule().equals("reorg-below-finalized")),
                "the simulation never reorgs below what it finalized");
    }

    private static boolean fired(List<Decision> decisions, String subject) {
        return decisions.stream().anyMatch(d -> d instanceof Alert alert && alert.state() == Alert.State.FIRING && alert.subject().equals(subject));
    }

    private static void assertBetween(long low, long high, long actual) {
        assertTrue(actual >= low && actual <= high, actual + " not in [" + low + ", " + high + "]");
    }
}
