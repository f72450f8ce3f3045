package io.ballast.loadtests;

import static io.ballast.loadtests.BenchmarkArgs.arg;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH micro-benchmarks ({@link EngineMicroBenchmarks}, {@link RuleMicroBenchmarks}) with the GC profiler and writes, per
 * benchmark, the mean and percentiles of single calls in nanoseconds and the bytes allocated per call.
 *
 * <p>Arguments: {@code --mode=quick|full} (quick: short iterations for a smoke run), {@code --out=DIR}.
 */
public final class MicroBenchmarks {

    private MicroBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = arg(args, "--mode", "full").equals("quick");
        Path out = Path.of(arg(args, "--out", "load-tests/results"));
        ChainedOptionsBuilder options = new OptionsBuilder().include(RuleMicroBenchmarks.class.getName())
                .include(EngineMicroBenchmarks.class.getName()).addProfiler("gc");
        if (quick) {
            options.warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> runs = new Runner(options.build()).run();
        Map<String, Object> results = new LinkedHashMap<>();
        for (RunResult run : runs) {
            String benchmark = run.getParams().getBenchmark();
            String name = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            Statistics calls = run.getPrimaryResult().getStatistics();
            results.put(name + "MeanNanos", Math.round(calls.getMean()));
            results.put(name + "P50Nanos", Math.round(calls.getPercentile(50)));
            results.put(name + "P99Nanos", Math.round(calls.getPercentile(99)));
            results.put(name + "P999Nanos", Math.round(calls.getPercentile(99.9)));
            results.put(name + "BytesPerCall", Math.round(run.getSecondaryResults().get("gc.alloc.rate.norm").getScore()));
        }
        Report.write(out, "micro-benchmarks", results);
    }
}
