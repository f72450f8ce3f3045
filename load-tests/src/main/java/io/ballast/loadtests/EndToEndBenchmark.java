package io.ballast.loadtests;

import static io.ballast.loadtests.BenchmarkArgs.arg;
import static io.ballast.loadtests.BenchmarkArgs.micros;
import static io.ballast.loadtests.BenchmarkArgs.putLatency;
import static io.ballast.loadtests.BenchmarkArgs.settleHeap;
import static io.ballast.loadtests.BenchmarkArgs.waitUntil;

import io.ballast.engine.Ballast;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.StateSettings;
import io.ballast.loadtests.BenchmarkArgs.GcActivity;
import io.ballast.risk.eval.RuleEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * End to end through the embedding API: each event is validated, journalled, applied, checked
 * against the {@value RuleBenchmark#RULES}-rule set and turned into decisions, which are journalled
 * too. Open loop at fixed rates (10k, 50k, 100k, 200k, ... events/s, doubling until a rate is not
 * sustained): one thread sends each event at its planned time, or at once when behind, and latency
 * runs from the planned time, so a stall is charged to every event it delays. A rate is sustained
 * when the run ends within 5% of its planned duration and nine events in ten are answered within
 * 10 ms of their planned time (no queue building up); past 200k events/s the rate rises by 100k at a
 * time. Each run starts from a settled heap (the previous run's replay left a lot of garbage), and
 * the collections during its measured window are reported beside its latencies, as is the latency
 * of raw Chronicle appends of the same records at the same rate (this disk's floor). After every run the journal is replayed and
 * must reproduce the live state hash and decision count. The baseline, raw Chronicle append + read
 * of the same records, is measured in the same run.
 *
 * <p>Arguments: {@code --events=N} (the most events one rate may use; default 2,000,000), {@code --out=DIR}.
 */
public final class EndToEndBenchmark {

    private static final int SECONDS_PER_RATE = 5;
    private static final int FIRST_RATE = 10_000;
    private static final long SUSTAINED_P90_NANOS = 10_000_000;

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int maxEvents = Integer.parseInt(arg(args, "--events", "2000000"));
        Path out = Path.of(arg(args, "--out", "load-tests/results"));
        Workload workload = Workload.standard(1);
        StateSettings settings = workload.settings();
        List<Event> events = workload.generate(maxEvents);
        Path scratch = Files.createTempDirectory("ballast-e2e");
        try {
            run(Workload.standard(2).generate(Math.min(maxEvents, 200_000)), settings, 1_000_000_000, scratch.resolve("warm-up"));
            byte[][] encoded = RawChronicle.encode(events);
            RawChronicle.Timing raw = RawChronicle.measure(encoded, scratch.resolve("raw"));
            double rawRate = events.size() * 1e9 / (raw.appendNanos() + raw.readNanos());
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("rules", RuleBenchmark.RULES);
            results.put("rawAppendReadPerSecond", Math.round(rawRate));
            long highestSustained = 0;
            for (int rate = FIRST_RATE; ; rate = nextRate(rate)) {
                List<Event> slice = events.subList(0, Math.min(events.size(), rate * SECONDS_PER_RATE));
                Run run = run(slice, settings, rate, scratch.resolve("rate-" + rate));
                String name = "at" + (rate / 1000) + "k";
                results.put(name + "Events", slice.size());
                results.put(name + "AchievedPerSecond", Math.round(run.achievedRate()));
                results.put(name + "Decisions", run.decisions());
                results.put(name + "P50Micros", micros(run.latency().getValueAtPercentile(50)));
                results.put(name + "P90Micros", micros(run.latency().getValueAtPercentile(90)));
                results.put(name + "P99Micros", micros(run.latency().getValueAtPercentile(99)));
                results.put(name + "P999Micros", micros(run.latency().getValueAtPercentile(99.9)));
                results.put(name + "P9999Micros", micros(run.latency().getValueAtPercentile(99.99)));
                results.put(name + "MaxMicros", micros(run.latency().getMaxValue()));
                results.put(name + "Collections", run.collections().count());
                results.put(name + "CollectionMillis", run.collections().millis());
                settleHeap();
                putLatency(results, name + "RawAppend", RawChronicle.paced(encoded, slice.size(), rate, scratch.resolve("raw-" + rate)));
                if (!run.sustained() || slice.size() < rate * SECONDS_PER_RATE) {
                    break;
                }
                highestSustained = rate;
            }
            results.put("highestSustainedPerSecond", highestSustained);
            results.put("highestSustainedVsRawAppendRead", Math.round(highestSustained * 1000.0 / rawRate) / 1000.0);
            Report.write(out, "end-to-end-benchmark", results);
        } finally {
            Scratch.delete(scratch);
        }
    }

    /** 10k, 50k, 100k, 200k, then up by 100k: doubling past 200k would leave the highest sustained rate up to half too low. */
    private static int nextRate(int rate) {
        return rate == FIRST_RATE ? 50_000 : rate < 200_000 ? rate * 2 : rate + 100_000;
    }

    /** What one rate did: latencies from planned times, the rate achieved, the decisions made and the collections meanwhile. */
    private record Run(Histogram latency, double achievedRate, boolean sustained, long decisions, GcActivity collections) {
    }

    private static Run run(List<Event> events, StateSettings settings, int rate, Path data) {
        Catalogue catalogue = Catalogue.defaults();
        Histogram latency = new Histogram(60_000_000_000L, 3);
        AtomicLong decisions = new AtomicLong();
        String liveHash;
        long elapsed;
        GcActivity collections;
        Ballast.Builder engine = Ballast.builder().dataDirectory(data).settings(settings).snapshotEvery(0)
                .onDecision(decision -> decisions.incrementAndGet());
        RuleEngine.addTo(engine, catalogue);
        try (Ballast ballast = engine.build()) {
            TreeMap<String, String> files = new TreeMap<>();
            files.put("bench.yaml", RuleBenchmark.ruleFile(RuleBenchmark.RULES));
            ballast.submit(new RulesVersionMarked("bench", files));
            settleHeap();
            GcActivity before = GcActivity.now();
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                long planned = start + i * interval;
                waitUntil(planned);
                ballast.submit(events.get(i));
                latency.recordValue(System.nanoTime() - planned);
            }
            elapsed = System.nanoTime() - start;
            collections = GcActivity.now().since(before);
            liveHash = ballast.stateHash();
        }
        List<Long> replayedDecisions = new ArrayList<>();
        ExposureState replayed = Ballast.replay(data.resolve("journal"), catalogue, settings, RuleEngine.withBuiltIns(catalogue),
                decision -> replayedDecisions.add(1L));
        if (!StateCodec.hash(replayed).equals(liveHash) || replayedDecisions.size() != decisions.get()) {
            throw new IllegalStateException("the replay did not reproduce the live run at " + rate + " events/s");
        }
        double planned = events.size() * 1e9 / rate;
        boolean sustained = elapsed <= planned * 1.05 && latency.getValueAtPercentile(90) < SUSTAINED_P90_NANOS;
        return new Run(latency, events.size() * 1e9 / elapsed, sustained, decisions.get(), collections);
    }

}
