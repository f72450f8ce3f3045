package io.ballast.loadtests;

import static io.ballast.loadtests.BenchmarkArgs.arg;
import static io.ballast.loadtests.BenchmarkArgs.putLatency;
import static io.ballast.loadtests.BenchmarkArgs.rate;
import static io.ballast.loadtests.BenchmarkArgs.settleHeap;

import io.ballast.engine.Ballast;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.StateSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Journal append + apply and replay, each beside raw Chronicle append / read of the same records in
 * the same run. The engine figures are closed-loop (one submit after another), so its latency column
 * is service time per event; open-loop latency at fixed rates belongs to the end-to-end benchmark.
 * The final state is checked: replay must reproduce the live state hash. The measured pass runs
 * {@value #PASSES} times; each figure, ratios included (taken within a pass), is the median.
 *
 * <p>Arguments: {@code --events=N} (default 2,000,000), {@code --out=DIR} (default load-tests/results).
 */
public final class JournalBenchmark {

    /** Measured passes; each figure is reported as its median over them (the machines are shared and noisy). */
    private static final int PASSES = 3;

    private JournalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(arg(args, "--events", "2000000"));
        Path out = Path.of(arg(args, "--out", "load-tests/results"));
        Workload workload = Workload.standard(1);
        StateSettings settings = workload.settings();

        Path scratch = Files.createTempDirectory("ballast-bench");
        try {
            System.out.println("warming up ...");
            warmUp(Math.min(count, 300_000), settings, scratch.resolve("warmup"));
            System.out.println("generating " + count + " events ...");
            List<Event> events = workload.generate(count);
            byte[][] encoded = RawChronicle.encode(events);
            List<Map<String, Object>> passes = new ArrayList<>();
            for (int pass = 1; pass <= PASSES; pass++) {
                System.out.println("measuring, pass " + pass + " of " + PASSES + " ...");
                passes.add(run(events, encoded, settings, scratch.resolve("pass-" + pass)));
            }
            Report.write(out, "journal-benchmark", Report.medians(passes));
        } finally {
            Scratch.delete(scratch);
        }
    }

    /** A full pass on a different workload, so the measured pass runs compiled code; its events are garbage after. */
    private static void warmUp(int count, StateSettings settings, Path dir) {
        List<Event> warmup = Workload.standard(2).generate(count);
        run(warmup, RawChronicle.encode(warmup), settings, dir);
    }

    private static Map<String, Object> run(List<Event> events, byte[][] encoded, StateSettings settings, Path dir) {
        int n = events.size();
        settleHeap();
        RawChronicle.Timing raw = RawChronicle.measure(encoded, dir.resolve("raw"));
        long rawAppendNanos = raw.appendNanos();
        long rawReadNanos = raw.readNanos();

        Histogram submitNanos = new Histogram(3_600_000_000_000L, 3);
        settleHeap();
        String liveHash;
        long engineNanos;
        Path data = dir.resolve("engine");
        try (Ballast ballast = Ballast.builder().dataDirectory(data).settings(settings).snapshotEvery(0).build()) {
            long start = System.nanoTime();
            for (Event event : events) {
                long before = System.nanoTime();
                ballast.submit(event);
                submitNanos.recordValue(System.nanoTime() - before);
            }
            engineNanos = System.nanoTime() - start;
            liveHash = ballast.stateHash();
        }

        settleHeap();
        long start = System.nanoTime();
        ExposureState replayed = Ballast.replay(data.resolve("journal"), Catalogue.defaults(), settings,
                Ballast.builtInDecisionMakers(), decision -> { });
        long replayNanos = System.nanoTime() - start;
        if (!StateCodec.hash(replayed).equals(liveHash) || replayed.inputSeq() != n) {
            throw new IllegalStateException("replay did not reproduce the live state");
        }

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("events", n);
        results.put("rawAppendPerSecond", rate(n, rawAppendNanos));
        results.put("rawReadPerSecond", rate(n, rawReadNanos));
        results.put("appendApplyPerSecond", rate(n, engineNanos));
        results.put("replayPerSecond", rate(n, replayNanos));
        results.put("appendApplyVsRawAppend", ratio(rate(n, engineNanos), rate(n, rawAppendNanos)));
        results.put("replayVsRawRead", ratio(rate(n, replayNanos), rate(n, rawReadNanos)));
        putLatency(results, "rawAppend", raw.appendLatency());
        putLatency(results, "submit", submitNanos);
        results.put("stateHash", liveHash);
        return results;
    }

    private static double ratio(long value, long baseline) {
        return Math.round(value * 1000.0 / baseline) / 1000.0;
    }
}
