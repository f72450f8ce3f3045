package io.ballast.loadtests;

import io.ballast.engine.Ballast;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of the state machine's hot path, one thread: applying one balance observation
 * to a state that holds the standard workload's first 50,000 events, at the head block of its chain,
 * so the state does not grow. {@link #applyOneEvent} alternates between two amounts, so every call
 * changes the ledger, its (chain, asset) total and the tier values, and reports the drift it finds
 * (an incident: the one thing it allocates); {@link #applyAgreeingObservation} observes the balance
 * the ledger holds, as reconciliation does in the steady state; {@link #submitAgreeingObservation}
 * sends that one through the embedding API, journal included. With {@code -prof gc}, the bytes one
 * call allocates.
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
        Holding holding = Holding.lastTransferred(events, state);
        observations = new BalanceObserved[] {holding.observed(BigInteger.valueOf(5_000_000_000L)),
            holding.observed(BigInteger.valueOf(7_000_000_000L))};
        agreeing = holding.observed(holding.held(state));
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

    /**
     * The whole hot path of the embedding API on the same observation: validated, journalled on disk,
     * applied and decided on by the built-in decision makers ({@link Ballast#submit}).
     */
    @Benchmark
    public boolean submitAgreeingObservation(Journalled engine) {
        return engine.ballast.submit(engine.agreeing);
    }

    /** A Ballast journalling into a scratch directory, after the same 50,000 events. */
    @State(Scope.Thread)
    public static class Journalled {
        private Path dir;
        private Ballast ballast;
        private BalanceObserved agreeing;

        @Setup
        public void open() throws IOException {
            dir = Files.createTempDirectory("ballast-jmh");
            Workload workload = Workload.standard(1);
            ballast = Ballast.builder().dataDirectory(dir).settings(workload.settings()).snapshotEvery(0).build();
            List<Event> events = workload.generate(50_000);
            events.forEach(ballast::submit);
            agreeing = ballast.query(state -> {
                Holding holding = Holding.lastTransferred(events, state);
                return holding.observed(holding.held(state));
            });
        }

        @TearDown
        public void close() throws IOException {
            ballast.close();
            Scratch.delete(dir);
        }
    }

    /** The tracked account of the workload's last transfer, observed at the head block of its chain. */
    private record Holding(TransferObserved transfer, String account, long head) {

        static Holding lastTransferred(List<Event> events, ExposureState state) {
            if (!(events.get(0) instanceof BlockObserved)) {
                throw new IllegalStateException("the workload starts with a block");
            }
            TransferObserved transfer = (TransferObserved) events.stream().filter(TransferObserved.class::isInstance)
                    .reduce((first, second) -> second).orElseThrow();
            long head = state.chain(transfer.chain()).map(chain -> chain.head()).orElseThrow();
            String account = transfer.to().startsWith("0x0000") ? transfer.to() : transfer.from();
            return new Holding(transfer, account, head);
        }

        BalanceObserved observed(BigInteger amount) {
            return new BalanceObserved(transfer.chain(), transfer.asset(), transfer.token(), account, amount, head);
        }

        BigInteger held(ExposureState state) {
            return state.balance(transfer.chain(), transfer.asset(), account).confirmed();
        }
    }
}
