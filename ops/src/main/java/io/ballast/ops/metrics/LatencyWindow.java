package io.ballast.ops.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded on hot threads without locks (HdrHistogram's {@link Recorder}) and read as
 * quantiles over the last minute or so: the window starts afresh once it is a minute old.
 */
final class LatencyWindow {

    private static final long WINDOW_NANOS = 60_000_000_000L;

    private final Recorder recorder = new Recorder(3);
    private final Histogram window = new Histogram(3);
    private Histogram interval;
    private long windowStart = System.nanoTime();
    private long count;

    void record(long nanos) {
        recorder.recordValue(Math.max(0, nanos));
    }

    /** Folds what was recorded since the last read into the window; called once per scrape. */
    synchronized void roll() {
        if (System.nanoTime() - windowStart > WINDOW_NANOS) {
            window.reset();
            windowStart = System.nanoTime();
        }
        interval = recorder.getIntervalHistogram(interval);
        count += interval.getTotalCount();
        window.add(interval);
    }

    synchronized double seconds(double quantile) {
        return window.getValueAtPercentile(quantile * 100) / 1e9;
    }

    synchronized double maxSeconds() {
        return window.getMaxValue() / 1e9;
    }

    synchronized long count() {
        return count;
    }
}
