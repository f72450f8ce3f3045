package io.ballast.risk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.Ballast;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.LiquidationOrder;
import io.ballast.engine.decision.RebalanceOrder;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.route.AssetPartitions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster's split of the work decides what one engine decides: each asset partition's engine takes
 * the events {@link AssetPartitions} routes to it and decides its assets' rules and inventory, the
 * portfolio's engine takes every event and decides what spans assets, and together they make the same
 * decisions as one engine deciding everything — each at the same input, none twice, none missing.
 */
class PartitionedDecisionsTest {

    private static final String RULES = String.join("\n", RandomDeskEvents.INVENTORY,
            "limits: { max-order-usd: 10000000 }",
            "rules:",
            "  - { id: low, scope: { asset: USDC, chain: \"*\" }, when: balance < 2000, clear-when: balance >= 2500, severity: info }",
            "  - { id: share, scope: { asset: WETH, chain: \"*\" }, when: share > 0.5, severity: info }",
            "  - { id: dai-pending, scope: { asset: DAI }, when: pending < -500, severity: warning }",
            "  - { id: dai-overdue, scope: { asset: DAI }, when: overdue_transfers > 0.0, severity: warning }",
            "  - { id: op, scope: { asset: USDC, group: superchain }, when: share > 0.3, severity: info }",
            "  - { id: stale, scope: { asset: WETH }, when: price_age_seconds > 60, severity: info }",
            "  - { id: usd-on-chain, scope: { chain: \"*\" }, when: usd > 100000.0 && reorg_depth < 5.0, severity: info }",
            "  - { id: stalled, scope: { chain: \"*\" }, when: seconds_since_head > 30.0, severity: info }",
            "  - { id: solvency, scope: portfolio, when: effective_usd < 50000, severity: critical }",
            "  - { id: margin, scope: { position: \"*\" }, when: health_factor < 1.0, severity: critical, action: liquidate }");

    @TempDir
    Path data;

    @Test
    void partitionsTogetherDecideWhatOneEngineDecides() {
        for (int partitions = 1; partitions <= 3; partitions++) {
            for (long seed = 1; seed <= 3; seed++) {
                List<Event> events = RandomDeskEvents.of(seed, RULES, false);
                String run = partitions + " partitions, seed " + seed;
                TreeMap<Long, List<String>> alone = decide(events, RuleShare.ALL, event -> true, run + "/alone");
                TreeMap<Long, List<String>> together = decide(events, RuleShare.ACROSS_ASSETS, event -> true, run + "/portfolio");
                AssetPartitions split = new AssetPartitions(partitions);
                for (int p = 0; p < partitions; p++) {
                    int partition = p;
                    decide(events, RuleShare.assets(asset -> split.owns(partition, asset)), event -> split.takes(partition, event),
                            run + "/" + p).forEach((seq, decisions) -> together.computeIfAbsent(seq, s -> new ArrayList<>()).addAll(decisions));
                }
                together.values().forEach(decisions -> decisions.sort(null));
                assertSame(alone, together, run);
                long count = alone.values().stream().mapToLong(List::size).sum();
                assertTrue(count > 50, run + ": the workload makes decisions: " + count);
                assertTrue(alone.values().stream().flatMap(List::stream).anyMatch(d -> d.contains("\"type\":\"rebalance\"")), run);
                assertTrue(alone.values().stream().flatMap(List::stream).anyMatch(d -> d.contains("\"type\":\"liquidation\"")), run);
            }
        }
    }

    /** Equal maps, told by their first difference. */
    private static void assertSame(TreeMap<Long, List<String>> expected, TreeMap<Long, List<String>> actual, String run) {
        java.util.TreeSet<Long> seqs = new java.util.TreeSet<>(expected.keySet());
        seqs.addAll(actual.keySet());
        for (long seq : seqs) {
            List<String> missing = new ArrayList<>(expected.getOrDefault(seq, List.of()));
            missing.removeAll(actual.getOrDefault(seq, List.of()));
            List<String> extra = new ArrayList<>(actual.getOrDefault(seq, List.of()));
            extra.removeAll(expected.getOrDefault(seq, List.of()));
            assertEquals(expected.get(seq), actual.get(seq), run + ": decisions of input " + seq + ": missing " + missing + ", extra " + extra);
        }
    }

    /**
     * Runs the events an engine takes through a journalled engine that decides {@code share}; its
     * decisions keyed by the input that caused them, numbered as in the whole stream, each with its
     * id left out (ids are a function of the engine's own journal), sorted within an input.
     */
    private TreeMap<Long, List<String>> decide(List<Event> events, RuleShare share, Predicate<Event> takes, String name) {
        Catalogue catalogue = Catalogue.defaults();
        DecisionJson json = new DecisionJson(catalogue);
        // A cluster tracks the accounts of its config: tracking an account from its first balance would be per partition.
        Ballast.Builder builder = Ballast.builder().dataDirectory(data.resolve(name)).snapshotEvery(0).trackAccount("0xdesk", "desk");
        RuleEngine.addTo(builder, catalogue, share);
        List<Long> streamSeqOfLocal = new ArrayList<>();
        TreeMap<Long, List<String>> decisions = new TreeMap<>();
        try (Ballast engine = builder.build();
             Ballast.Subscription unused = engine.subscribe(decision -> {
                 long streamSeq = streamSeqOfLocal.get((int) journalSeq(decision) - 1);
                 decisions.computeIfAbsent(streamSeq, s -> new ArrayList<>()).add(json.write(decision)
                         .replaceFirst("\"id\":\"[0-9a-f]+\"", "\"id\":\"\"")
                         .replaceFirst("\"journalSeq\":[0-9]+", "\"journalSeq\":" + streamSeq));
             })) {
            for (int i = 0; i < events.size(); i++) {
                if (takes.test(events.get(i))) {
                    streamSeqOfLocal.add(i + 1L);
                    engine.submit(events.get(i));
                }
            }
        }
        decisions.values().forEach(list -> list.sort(null));
        return decisions;
    }

    private static long journalSeq(Decision decision) {
        if (decision instanceof Alert alert) {
            return alert.journalSeq();
        }
        return decision instanceof RebalanceOrder order ? order.journalSeq() : ((LiquidationOrder) decision).journalSeq();
    }
}
