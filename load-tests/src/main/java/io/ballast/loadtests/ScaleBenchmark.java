package io.ballast.loadtests;

import static io.ballast.loadtests.BenchmarkArgs.arg;
import static io.ballast.loadtests.BenchmarkArgs.micros;

import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateSettings;
import io.ballast.risk.eval.RuleEngine;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * How cost grows with the work. Memory: heap held per tracked (chain, asset, account) holding, at
 * 1k, 10k and 100k holdings (8 chains x 2 assets x accounts), each with a balance and a transfer
 * applied. Time: rule evaluation after each event of the standard workload as the rules (10, 50, 200)
 * and the chains (2, 4, 8) grow, everything else equal.
 *
 * <p>Arguments: {@code --events=N} (events per timing run; default 100,000), {@code --out=DIR}.
 */
public final class ScaleBenchmark {

    private static final List<String> ALL_CHAINS = List.of("ethereum", "arbitrum", "optimism", "base", "polygon", "zksync", "linea",
            "scroll");
    private static final String[] ASSETS = {"USDC", "WETH"};

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(arg(args, "--events", "100000"));
        Path out = Path.of(arg(args, "--out", "load-tests/results"));
        Map<String, Object> results = new LinkedHashMap<>();
        bytesPerHolding(1_000); // warm-up: classes loaded, caches filled, before anything is weighed
        for (int holdings : new int[] {1_000, 10_000, 100_000}) {
            results.put("bytesPerHoldingAt" + holdings / 1000 + "k", bytesPerHolding(holdings));
        }
        Workload standard = Workload.standard(1);
        evaluate(standard, RuleBenchmark.RULES, Math.min(count, 20_000)); // warm-up
        for (int rules : new int[] {10, 50, 200}) {
            report(results, "rules" + rules, evaluate(standard, rules, count));
        }
        for (int chains : new int[] {2, 4, 8}) {
            report(results, "chains" + chains, evaluate(standard.with(ALL_CHAINS.subList(0, chains), 20), RuleBenchmark.RULES, count));
        }
        Report.write(out, "scale-benchmark", results);
    }

    private static long bytesPerHolding(int holdings) {
        Catalogue catalogue = Catalogue.defaults();
        int accounts = holdings / (ALL_CHAINS.size() * ASSETS.length);
        long before = usedHeap();
        ExposureState state = new ExposureState(catalogue, StateSettings.defaults());
        long seq = 0;
        for (String chain : ALL_CHAINS) {
            state.apply(++seq, new BlockObserved(chain, 1, chain + "-1", chain + "-0", 1_700_000_000L));
            for (int a = 0; a < accounts; a++) {
                String account = String.format("0x%040x", a + 1);
                for (String asset : ASSETS) {
                    state.apply(++seq, new BalanceObserved(chain, asset, catalogue.resolveToken(chain, asset, null), account,
                            BigInteger.valueOf(1_000_000_000L + a), 1));
                }
            }
        }
        long after = usedHeap();
        if (state.inputSeq() != seq) {
            throw new IllegalStateException("not every input applied");
        }
        Reference.reachabilityFence(state);
        return (after - before) / ((long) accounts * ALL_CHAINS.size() * ASSETS.length);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Histogram evaluate(Workload workload, int rules, int count) {
        ExposureState state = new ExposureState(Catalogue.defaults(), workload.settings());
        RuleEngine engine = RuleBenchmark.ruleEngine(state, RuleBenchmark.ruleFile(rules));
        Histogram evaluate = new Histogram(60_000_000_000L, 3);
        long seq = 1;
        for (Event event : workload.generate(count)) {
            state.apply(++seq, event);
            DecisionContext context = new DecisionContext(seq, state.incidents());
            long start = System.nanoTime();
            engine.decide(event, state, context);
            evaluate.recordValue(System.nanoTime() - start);
        }
        return evaluate;
    }

    private static void report(Map<String, Object> results, String name, Histogram evaluate) {
        results.put(name + "MeanMicros", Math.round(evaluate.getMean() / 100.0) / 10.0);
        results.put(name + "P99Micros", micros(evaluate.getValueAtPercentile(99)));
    }
}
