package io.ballast.loadtests;

import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/** What every benchmark main shares: {@code --name=value} arguments, rates, microsecond rounding, latency rows, pacing. */
final class BenchmarkArgs {

    private BenchmarkArgs() {
    }

    static String arg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    /** Nanoseconds as microseconds with one decimal. */
    static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }

    /** Events per second, rounded. */
    static long rate(long count, long nanos) {
        return Math.round(count * 1e9 / nanos);
    }

    /** The usual latency figures of a histogram of nanoseconds, as {@code <name>P50Micros} ... {@code <name>MaxMicros}. */
    static void putLatency(Map<String, Object> results, String name, Histogram latency) {
        results.put(name + "P50Micros", micros(latency.getValueAtPercentile(50)));
        results.put(name + "P99Micros", micros(latency.getValueAtPercentile(99)));
        results.put(name + "P999Micros", micros(latency.getValueAtPercentile(99.9)));
        results.put(name + "MaxMicros", micros(latency.getMaxValue()));
    }

    /**
     * Parks until a planned send time, never spinning; the timer slack (tens of µs on these
     * machines) shows in an open-loop run's lowest percentiles.
     */
    static void waitUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(wait, 50_000));
        }
    }
}
