package io.ballast.loadtests;

import static io.ballast.loadtests.BenchmarkArgs.arg;
import static io.ballast.loadtests.BenchmarkArgs.putLatency;
import static io.ballast.loadtests.BenchmarkArgs.rate;
import static io.ballast.loadtests.BenchmarkArgs.waitUntil;

import io.ballast.actors.ActorBallast;
import io.ballast.actors.ChainActor;
import io.ballast.engine.Ballast;
import io.ballast.engine.event.Event;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The actor pipeline (chain actor per chain, then the engine actor) against the engine alone, on the
 * same events in the same run. Throughput: closed loop, every event through each path as fast as it
 * goes (the actor path through the chain feeds, one producer thread per chain). Latency: open loop at
 * fixed rates, from each event's planned send time to its journalled-and-applied answer, so a stall
 * — a full feed holding the producer back included — is charged to every event it delays (no
 * coordinated omission). One producer thread; on 2 cores the actor path shares them with the producer
 * and the dispatcher.
 *
 * <p>Arguments: {@code --events=N} (default 200,000), {@code --out=DIR}.
 */
public final class ActorBenchmark {

    private static final int[] RATES = {10_000, 100_000};
    private static final int SECONDS_PER_RATE = 4;

    private ActorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(arg(args, "--events", "200000"));
        Path out = Path.of(arg(args, "--out", "load-tests/results"));
        Workload workload = Workload.standard(1);
        StateSettings settings = workload.settings();
        List<Event> events = workload.generate(count);
        Path scratch = Files.createTempDirectory("ballast-actor-bench");
        try {
            engineOnly(Workload.standard(2).generate(Math.min(count, 100_000)), settings, scratch.resolve("warm-engine"));
            actors(Workload.standard(2).generate(Math.min(count, 100_000)), settings, scratch.resolve("warm-actors"));
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("events", events.size());
            long engineRate = engineOnly(events, settings, scratch.resolve("engine"));
            long actorRate = actors(events, settings, scratch.resolve("actors"));
            results.put("engineOnlyPerSecond", engineRate);
            results.put("actorsPerSecond", actorRate);
            results.put("actorsVsEngineOnly", Math.round(actorRate * 1000.0 / engineRate) / 1000.0);
            for (int rate : RATES) {
                List<Event> paced = events.subList(0, Math.min(events.size(), rate * SECONDS_PER_RATE));
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

    private static long engineOnly(List<Event> events, StateSettings settings, Path data) {
        try (Ballast ballast = engine(settings, data).build()) {
            long start = System.nanoTime();
            events.forEach(ballast::submit);
            return rate(events.size(), System.nanoTime() - start);
        }
    }

    private static long actors(List<Event> events, StateSettings settings, Path data) throws Exception {
        try (ActorBallast ballast = ActorBallast.builder().engine(engine(settings, data)).build()) {
            long start = System.nanoTime();
            Map<String, List<Event>> byChain = new LinkedHashMap<>();
            events.forEach(event -> byChain.computeIfAbsent(chainOf(event), chain -> new ArrayList<>()).add(event));
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
            while (ballast.query(ExposureState::inputSeq).toCompletableFuture().join() < events.size()) {
                Thread.sleep(1);
            }
            return rate(events.size(), System.nanoTime() - start);
        }
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
