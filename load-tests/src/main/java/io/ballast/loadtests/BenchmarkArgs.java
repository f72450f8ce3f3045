package io.ballast.loadtests;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * What every benchmark main shares: {@code --name=value} arguments, rates, microsecond rounding,
 * latency rows, pacing, a settled heap and the collections a measured phase saw.
 */
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

    /**
     * Collects what earlier phases left (a pre-generated workload is promoted, an earlier run's garbage
     * goes), so the collections during the next measured phase are that phase's own.
     */
    static void settleHeap() {
        System.gc();
        System.gc();
    }

    /** Garbage collections so far, all collectors together: how many, and their total time. */
    record GcActivity(long count, long millis) {

        static GcActivity now() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, collector.getCollectionCount());
                millis += Math.max(0, collector.getCollectionTime());
            }
            return new GcActivity(count, millis);
        }

        /** The collections since {@code earlier}. */
        GcActivity since(GcActivity earlier) {
            return new GcActivity(count - earlier.count, millis - earlier.millis);
        }
    }
}
