package io.ballast.loadtests;

/** What every benchmark main shares: {@code --name=value} arguments and microsecond rounding. */
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
}
