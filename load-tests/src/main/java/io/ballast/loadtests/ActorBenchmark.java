package io.ballast.loadtests;

import static io.ballast.loadtests.BenchmarkArgs.arg;
import static io.ballast.loadtests.BenchmarkArgs.putLatency;
import static io.ballast.loadtests.BenchmarkArgs.rate;
import static io.ballast.loadtests.BenchmarkArgs.settleHeap;
import static io.ballast.loadtests.BenchmarkArgs.waitUntil;

import io.ballast.actors.ActorBallast;
import io.ballast.actors.ChainActor;
import io.ballast.engine.Ballast;
import io.ballast.engine.event.Event;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateSettings;
import io.ballast.engine.state.TierAmounts;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The actor pipeline (chain actor per chain, then the engine actor) against the engine alone, on the
 * same events in the same run.
 *
 * <p>Throughput: closed loop, every event through each path as fast as it goes (the actor path
 * through the chain feeds, one producer thread per chain). The two paths are open side by side, and
 * the events go through them in chunks of {@value #CHUNK}, alternately: a chunk through the engine,
 * the same chunk through the actors. The first {@code --warmup} events only warm both up — the actor
 * path has far more code for the JIT to compile, and its rate climbs for the first few hundred
 * thousand events while the engine's settles sooner, so a short run measures compilation. Each later
 * pair gives a ratio; the figure is the median pair's, beside the quartiles and each path's rate over
 * all measured chunks. A pair takes well under a second, so a neighbour's burst on this shared
 * machine spoils a pair, not the figure. Afterwards both hold the same exposure (asserted).
 *
 * <p>Latency: open loop at fixed rates, from each event's planned send time to its
 * journalled-and-applied answer, so a stall — a full feed holding the producer back included — is
 * charged to every event it delays (no coordinated omission). One producer thread; on 2 cores the
 * actor path shares them with the producer and the dispatcher.
 *
 * <p>Arguments: {@code --events=N} (default 2,000,000), {@code --warmup=N} (default 600,000), {@code --out=DIR}.
 */
public final class ActorBenchmark {

    private static final int CHUNK = 100_000;
    private static final int[] RATES = {10_000, 100_000};
    private static final int SECONDS_PER_RATE = 4;

    private ActorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(arg(args, "--events", "2000000"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "600000"));
        Path out = Path.of(arg(args, "--out", "load-tests/results"));
        if (count - warmup < 3 * CHUNK) {
            throw new IllegalArgumentException("--events must leave at least three chunks of " + CHUNK + " after --warmup");
        }
        Workload workload = Workload.standard(1);
        StateSettings settings = workload.settings();
        Path scratch = Files.createTempDirectory("ballast-actor-bench");
        try {
            Map<String, Object> results = new LinkedHashMap<>();
            results.putAll(throughput(workload.generate(count), warmup, settings, scratch));
            List<Event> pacedEvents = workload.generate(RATES[RATES.length - 1] * SECONDS_PER_RATE);
            // Before the paced runs: their events settle in the old generation (not copied by a young collection in the
            // middle of a measured run), and the throughput run's are gone.
            settleHeap();
            for (int rate : RATES) {
                List<Event> paced = pacedEvents.subList(0, rate * SECONDS_PER_RATE);
                putLatency(results, "engine" + rate / 1000 + "k", pacedEngine(paced, settings, rate, scratch.resolve("paced-engine-" + rate)));
                putLatency(results, "actors" + rate / 1000 + "k", pacedActors(paced, settings, rate, scratch.resolve("paced-actors-" + rate)));
            }
            Report.write(out, "actor-benchmark", results);
        } finally {
            Scratch.delete(scratch);
        }
    }

    private static Ballast.Builder engine(StateSettings settings, Path data) {
        return Ballast.builder().dataDirectory(data).settings(settings).snapshotEvery(0);
    }

    /** Both paths over the events in alternating chunks (see the class comment); the figures of the chunks after the warm-up. */
    private static Map<String, Object> throughput(List<Event> events, int warmup, StateSettings settings, Path scratch) throws Exception {
        List<Double> ratios = new ArrayList<>();
        long engineNanos = 0;
        long actorNanos = 0;
        long measured = 0;
        try (Ballast engine = engine(settings, scratch.resolve("engine")).build();
             ActorBallast actors = ActorBallast.builder().engine(engine(settings, scratch.resolve("actors"))).build()) {
            for (int from = 0; from < events.size(); from += CHUNK) {
                List<Event> chunk = events.subList(from, Math.min(events.size(), from + CHUNK));
                long start = System.nanoTime();
                chunk.forEach(engine::submit);
                long engineChunk = System.nanoTime() - start;
                start = System.nanoTime();
                throughActors(actors, chunk, from + chunk.size());
                long actorChunk = System.nanoTime() - start;
                if (from >= warmup && chunk.size() == CHUNK) { // a short last chunk goes through both, unmeasured
                    ratios.add((double) engineChunk / actorChunk);
                    engineNanos += engineChunk;
                    actorNanos += actorChunk;
                    measured += chunk.size();
                }
            }
            assertSameExposure(engine, actors, events.size());
        }
        Collections.sort(ratios);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("events", events.size());
        results.put("warmupEvents", warmup);
        results.put("measuredPairs", ratios.size());
        results.put("engineOnlyPerSecond", rate(measured, engineNanos));
        results.put("actorsPerSecond", rate(measured, actorNanos));
        results.put("actorsVsEngineOnly", rounded(ratios.get(ratios.size() / 2)));
        results.put("actorsVsEngineOnlyQ1", rounded(ratios.get(ratios.size() / 4)));
        results.put("actorsVsEngineOnlyQ3", rounded(ratios.get(ratios.size() * 3 / 4)));
        results.put("actorsVsEngineOnlyOverall", rounded((double) engineNanos / actorNanos));
        return results;
    }

    private static double rounded(double ratio) {
        return Math.round(ratio * 1000) / 1000.0;
    }

    /** One chunk through the chain feeds (one producer per chain; inputs of no chain asked one by one), until all are applied. */
    private static void throughActors(ActorBallast ballast, List<Event> chunk, long inputsAfter) throws InterruptedException {
        Map<String, List<Event>> byChain = new LinkedHashMap<>();
        chunk.forEach(event -> byChain.computeIfAbsent(chainOf(event), chain -> new ArrayList<>()).add(event));
        List<Thread> producers = new ArrayList<>();
        byChain.forEach((chain, stream) -> producers.add(new Thread(() -> {
            for (Event event : stream) {
                if (chain.isEmpty()) {
                    ballast.submit(event).toCompletableFuture().join();
                } else {
                    ballast.feed(chain).offer(event);
                }
            }
        }, "producer-" + chain)));
        producers.forEach(Thread::start);
        for (Thread producer : producers) {
            producer.join();
        }
        while (ballast.query(ExposureState::inputSeq).toCompletableFuture().join() < inputsAfter) {
            Thread.sleep(1);
        }
    }

    /**
     * Both paths took every event and hold the same confirmed exposure of every asset, chain by chain
     * and tier by tier. Not the mempool's: a sighting expires by the clock, which comes from every
     * chain's events, and the actor path interleaves the chains as their producers run.
     */
    private static void assertSameExposure(Ballast engine, ActorBallast actors, long inputs) {
        Map<String, Object> alone = engine.query(ActorBenchmark::exposure);
        Map<String, Object> piped = actors.query(ActorBenchmark::exposure).toCompletableFuture().join();
        if (!alone.equals(piped) || !alone.get("inputs").equals(inputs)) {
            throw new IllegalStateException("the paths disagree after " + inputs + " events: engine " + alone + ", actors " + piped);
        }
    }

    private static List<BigInteger> confirmed(TierAmounts tiers) {
        return List.of(tiers.unsafe(), tiers.safe(), tiers.finalized());
    }

    private static Map<String, Object> exposure(ExposureState state) {
        Map<String, Object> exposure = new TreeMap<>();
        exposure.put("inputs", state.inputSeq());
        state.heldAssets().forEach(asset -> state.holdingsOf(asset).forEach((chain, holding) -> exposure.put(asset + "@" + chain, confirmed(holding.tiers()))));
        return exposure;
    }

    private static Histogram pacedEngine(List<Event> events, StateSettings settings, int rate, Path data) {
        Histogram latency = new Histogram(60_000_000_000L, 3);
        try (Ballast ballast = engine(settings, data).build()) {
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                long planned = start + i * interval;
                waitUntil(planned);
                ballast.submit(events.get(i));
                latency.recordValue(System.nanoTime() - planned);
            }
        }
        return latency;
    }

    private static Histogram pacedActors(List<Event> events, StateSettings settings, int rate, Path data) {
        Recorder recorder = new Recorder(3);
        try (ActorBallast ballast = ActorBallast.builder().engine(engine(settings, data)).build()) {
            // Setup, not latency: each chain's feed and actor started, the actor told by the engine where its chain stands.
            events.stream().map(ActorBenchmark::chainOf).filter(chain -> !chain.isEmpty()).distinct().forEach(chain -> {
                ballast.feed(chain);
                ballast.chainStatus(chain).toCompletableFuture().join();
            });
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            CompletableFuture<?>[] answers = new CompletableFuture<?>[events.size()];
            for (int i = 0; i < events.size(); i++) {
                long planned = start + i * interval;
                waitUntil(planned);
                Event event = events.get(i);
                String chain = chainOf(event);
                CompletionStage<?> answer = chain.isEmpty() ? ballast.submit(event) : ballast.feed(chain).offer(event);
                answers[i] = answer.toCompletableFuture().whenComplete((done, failure) -> recorder.recordValue(System.nanoTime() - planned));
            }
            CompletableFuture.allOf(answers).join();
        }
        return recorder.getIntervalHistogram();
    }

    /** The chain whose stream carries an event, or "" for inputs from elsewhere. */
    private static String chainOf(Event event) {
        String chain = ChainActor.streamOf(event);
        return chain == null ? "" : chain;
    }
}
