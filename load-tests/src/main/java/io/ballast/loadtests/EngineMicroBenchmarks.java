package io.ballast.loadtests;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import java.math.BigInteger;
import java.util.List;
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
 * JMH micro-benchmarks of the state machine's hot path, one thread: applying one balance observation
 * to a state that holds the standard workload's first 50,000 events, at the head block of its chain,
 * so the state does not grow. {@link #applyOneEvent} alternates between two amounts, so every call
 * changes the ledger, its (chain, asset) total and the tier values, and reports the drift it finds
 * (an incident: the one thing it allocates); {@link #applyAgreeingObservation} observes the balance
 * the ledger holds, as reconciliation does in the steady state. With {@code -prof gc}, the bytes one
 * apply allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineMicroBenchmarks {

    private ExposureState state;
    private BalanceObserved[] observations;
    private BalanceObserved agreeing;
    private long seq;

    @Setup
    public void applyWorkload() {
        Workload workload = Workload.standard(1);
        state = new ExposureState(Catalogue.defaults(), workload.settings());
        List<Event> events = workload.generate(50_000);
        for (Event event : events) {
            state.apply(++seq, event);
        }
        TransferObserved transfer = (TransferObserved) events.stream().filter(TransferObserved.class::isInstance)
                .reduce((first, second) -> second).orElseThrow();
        long head = state.chain(transfer.chain()).map(chain -> chain.head()).orElseThrow();
        String account = transfer.to().startsWith("0x0000") ? transfer.to() : transfer.from();
        observations = new BalanceObserved[] {
            new BalanceObserved(transfer.chain(), transfer.asset(), transfer.token(), account, BigInteger.valueOf(5_000_000_000L), head),
            new BalanceObserved(transfer.chain(), transfer.asset(), transfer.token(), account, BigInteger.valueOf(7_000_000_000L), head)};
        BigInteger held = state.balance(transfer.chain(), transfer.asset(), account).confirmed();
        agreeing = new BalanceObserved(transfer.chain(), transfer.asset(), transfer.token(), account, held, head);
        if (!(events.get(0) instanceof BlockObserved)) {
            throw new IllegalStateException("the workload starts with a block");
        }
    }

    /** One absolute balance at the head block: the ledger, its total and the tiers all move. */
    @Benchmark
    public long applyOneEvent() {
        seq++;
        state.apply(seq, observations[(int) (seq & 1)]);
        return state.inputSeq();
    }

    /** The balance the ledger holds, observed again at the head block: nothing moves and nothing is reported. */
    @Benchmark
    public long applyAgreeingObservation() {
        seq++;
        state.apply(seq, agreeing);
        return state.inputSeq();
    }
}
