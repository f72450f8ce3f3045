package io.ballast.loadtests;

import static io.ballast.loadtests.BenchmarkArgs.arg;
import static io.ballast.loadtests.BenchmarkArgs.micros;

import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateSettings;
import io.ballast.risk.eval.PreTradeVerdict;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.eval.Trade;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Rule evaluation per event and pre-trade check latency, each with HdrHistogram. One thread applies
 * the standard workload to a state and times only {@code RuleEngine.decide} after each event, with a
 * rule set of {@value #RULES}+ rules over every scope and two inventory sections; then times
 * pre-trade checks of random trades against the final state. Closed loop: these are service times.
 * Each figure is the median of {@value #PASSES} passes.
 *
 * <p>Arguments: {@code --events=N} (default 200,000), {@code --out=DIR}.
 */
public final class RuleBenchmark {

    static final int RULES = 50;
    /** Measured passes over the same events, each from a fresh state; each figure is the median over them. */
    private static final int PASSES = 3;
    private static final String[] CHAINS = {"ethereum", "arbitrum", "optimism", "base"};
    private static final String[] ASSETS = {"USDC", "WETH"};

    private RuleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(arg(args, "--events", "200000"));
        Path out = Path.of(arg(args, "--out", "load-tests/results"));
        Workload workload = Workload.standard(1);
        StateSettings settings = workload.settings();
        Catalogue catalogue = Catalogue.defaults();

        measure(catalogue, settings, Workload.standard(2).generate(Math.min(count, 50_000)), 20_000); // warm-up
        List<Event> events = workload.generate(count);
        List<Map<String, Object>> passes = new ArrayList<>();
        for (int pass = 0; pass < PASSES; pass++) {
            passes.add(measure(catalogue, settings, events, 100_000));
        }
        Report.write(out, "rule-benchmark", Report.medians(passes));
    }

    private static Map<String, Object> measure(Catalogue catalogue, StateSettings settings, List<Event> events, int checks) {
        ExposureState state = new ExposureState(catalogue, settings);
        RuleEngine engine = ruleEngine(state, ruleFile(RULES));

        Histogram evaluate = new Histogram(60_000_000_000L, 3);
        Histogram oneAsset = new Histogram(60_000_000_000L, 3);
        Histogram chainWide = new Histogram(60_000_000_000L, 3);
        long seq = 1;
        long decisions = 0;
        for (Event event : events) {
            state.apply(++seq, event);
            DecisionContext context = new DecisionContext(seq, state.incidents());
            long start = System.nanoTime();
            engine.decide(event, state, context);
            long elapsed = System.nanoTime() - start;
            evaluate.recordValue(elapsed);
            boolean holdingChange = event instanceof TransferObserved || event instanceof BalanceObserved
                    || event instanceof PendingTransferObserved;
            (holdingChange ? oneAsset : chainWide).recordValue(elapsed);
            decisions += context.decisions().size();
        }

        Histogram preTrade = new Histogram(60_000_000_000L, 3);
        Random random = new Random(3);
        int breaking = 0;
        for (int i = 0; i < checks; i++) {
            Trade trade = new Trade(CHAINS[random.nextInt(CHAINS.length)], ASSETS[random.nextInt(ASSETS.length)],
                    BigInteger.valueOf(random.nextInt(2_000_000) - 1_000_000).multiply(BigInteger.TEN.pow(6)));
            long start = System.nanoTime();
            PreTradeVerdict verdict = engine.preTrade(state, trade);
            preTrade.recordValue(System.nanoTime() - start);
            breaking += verdict.breaksRules() ? 1 : 0;
        }

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("events", events.size());
        results.put("rules", RULES);
        results.put("decisions", decisions);
        results.put("evaluateP50Micros", micros(evaluate.getValueAtPercentile(50)));
        results.put("evaluateP99Micros", micros(evaluate.getValueAtPercentile(99)));
        results.put("evaluateP999Micros", micros(evaluate.getValueAtPercentile(99.9)));
        results.put("evaluateMeanMicros", Math.round(evaluate.getMean() / 100.0) / 10.0);
        results.put("oneAssetEvents", oneAsset.getTotalCount());
        results.put("oneAssetP50Micros", micros(oneAsset.getValueAtPercentile(50)));
        results.put("oneAssetP99Micros", micros(oneAsset.getValueAtPercentile(99)));
        results.put("oneAssetMeanMicros", Math.round(oneAsset.getMean() / 100.0) / 10.0);
        results.put("chainWideEvents", chainWide.getTotalCount());
        results.put("chainWideP50Micros", micros(chainWide.getValueAtPercentile(50)));
        results.put("chainWideP99Micros", micros(chainWide.getValueAtPercentile(99)));
        results.put("preTradeChecks", checks);
        results.put("preTradeBreaking", breaking);
        results.put("preTradeP50Micros", micros(preTrade.getValueAtPercentile(50)));
        results.put("preTradeP99Micros", micros(preTrade.getValueAtPercentile(99)));
        results.put("preTradeP999Micros", micros(preTrade.getValueAtPercentile(99.9)));
        return results;
    }

    /** A rule engine with the rule set in force in the state, as its first input. */
    static RuleEngine ruleEngine(ExposureState state, String ruleFile) {
        RuleEngine engine = new RuleEngine(state.catalogue());
        TreeMap<String, String> files = new TreeMap<>();
        files.put("bench.yaml", ruleFile);
        RulesVersionMarked rules = new RulesVersionMarked("bench", files);
        state.apply(1, rules);
        engine.decide(rules, state, new DecisionContext(1, state.incidents()));
        return engine;
    }

    /**
     * {@code count} rules over every scope kind (from 47 on, more chain rules that never fire), two
     * inventory sections, one group.
     */
    static String ruleFile(int count) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("groups: { superchain: [optimism, base] }\n");
        yaml.append("inventory:\n");
        for (String asset : ASSETS) {
            yaml.append("  ").append(asset).append(": { hub: ethereum, max-amount: 100000, min-amount: 10, cooldown: 10m, chains: { ")
                    .append("arbitrum: { target: 10%, threshold: 8% }, optimism: { target: 6%, threshold: 4% }, ")
                    .append("base: { target: 8%, threshold: 6% } } }\n");
        }
        yaml.append("rules:\n");
        List<String> lines = new ArrayList<>();
        int rules = 0;
        for (String asset : ASSETS) {
            for (String chain : CHAINS) {
                lines.add(rule(rules++, "{ asset: " + asset + ", chain: " + chain + " }", "balance < 1000"));
                lines.add(rule(rules++, "{ asset: " + asset + ", chain: " + chain + " }", "share > 0.6"));
                lines.add(rule(rules++, "{ asset: " + asset + ", chain: " + chain + " }", "pending < -100000"));
                lines.add(rule(rules++, "{ asset: " + asset + ", chain: " + chain + " }", "allocation > 3.0 * target && target > 0.0"));
            }
            lines.add(rule(rules++, "{ asset: " + asset + " }", "price_age_seconds > 300"));
            lines.add(rule(rules++, "{ asset: " + asset + " }", "overdue_transfers > 0"));
            lines.add(rule(rules++, "{ asset: " + asset + ", group: superchain }", "share > 0.4"));
        }
        for (String chain : CHAINS) {
            lines.add(rule(rules++, "{ chain: " + chain + " }", "seconds_since_head > 10.0 * block_time_seconds"));
            lines.add(rule(rules++, "{ chain: " + chain + " }", "reorg_depth >= 3"));
        }
        lines.add(rule(rules++, "portfolio", "solvency_ratio < 1.1"));
        lines.add(rule(rules++, "portfolio", "unpriced_assets > 0"));
        lines.add(rule(rules++, "{ position: \"*\" }", "health_factor < 1.0"));
        while (rules < count) {
            lines.add(rule(rules++, "{ chain: \"*\" }", "finality_lag_blocks > 100000"));
        }
        lines.subList(0, count).forEach(yaml::append);
        return yaml.toString();
    }

    private static String rule(int n, String scope, String when) {
        return "  - { id: r" + n + ", scope: " + scope + ", when: '" + when + "', severity: warning }\n";
    }
}
