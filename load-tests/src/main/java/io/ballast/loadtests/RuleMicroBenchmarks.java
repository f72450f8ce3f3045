package io.ballast.loadtests;

import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import io.ballast.risk.eval.PreTradeVerdict;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.eval.Trade;
import java.math.BigInteger;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of the rule hot path, one thread: the state after 50,000 events of the standard
 * workload under the {@value RuleBenchmark#RULES}-rule set, its last input a token transfer. Deciding
 * on that transfer again evaluates exactly what one change to one asset on one chain moves (the
 * alerts already fired on the first decision, so each call does the same work); the pre-trade check
 * asks about a send on the same chain. Sample-time mode: the distribution of single calls' times, so
 * percentiles, not only a mean. With {@code -prof gc}, the bytes each call allocates.
 *
 * <p>Run: {@code load-tests/run quick|full}, through {@code MicroBenchmarks}, which writes the results.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleMicroBenchmarks {

    private ExposureState state;
    private RuleEngine engine;
    private TransferObserved lastTransfer;
    private Trade trade;
    private long seq;

    @Setup
    public void applyWorkload() {
        Workload workload = Workload.standard(1);
        Catalogue catalogue = Catalogue.defaults();
        state = new ExposureState(catalogue, workload.settings());
        engine = new RuleEngine(catalogue);
        TreeMap<String, String> files = new TreeMap<>();
        files.put("bench.yaml", RuleBenchmark.ruleFile(RuleBenchmark.RULES));
        RulesVersionMarked rules = new RulesVersionMarked("bench", files);
        state.apply(++seq, rules);
        engine.decide(rules, state, new DecisionContext(seq, state.incidents()));
        List<Event> events = workload.generate(50_000);
        int last = events.size() - 1;
        while (!(events.get(last) instanceof TransferObserved)) {
            last--;
        }
        for (Event event : events.subList(0, last + 1)) {
            state.apply(++seq, event);
            engine.decide(event, state, new DecisionContext(seq, state.incidents()));
        }
        lastTransfer = (TransferObserved) events.get(last);
        trade = new Trade(lastTransfer.chain(), lastTransfer.asset(), BigInteger.valueOf(-50_000).multiply(BigInteger.TEN.pow(6)));
    }

    /** Rule evaluation (and rebalance planning) for a change to one asset on one chain. */
    @Benchmark
    public int evaluateRulesForOneChange() {
        DecisionContext context = new DecisionContext(seq, state.incidents());
        engine.decide(lastTransfer, state, context);
        return context.decisions().size();
    }

    /** "If I send 50,000 of this asset on this chain now, which rules break?" */
    @Benchmark
    public PreTradeVerdict preTradeCheck() {
        return engine.preTrade(state, trade);
    }
}
