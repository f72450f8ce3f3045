package io.ballast.loadtests;

import java.util.concurrent.locks.LockSupport;

/** What every benchmark main shares: {@code --name=value} arguments, microsecond rounding, pacing. */
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
