package io.ballast.risk.file;

import io.ballast.engine.event.RulesVersionMarked;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hot reload: reads the rule files every {@code intervalMillis} and proposes them whenever their
 * content differs from what it last proposed. Whether a proposal goes into force is the rule
 * engine's call (an invalid one is rejected with an alert). Reading compares content, not
 * timestamps, so an editor that replaces the file, or a touch, changes nothing by itself.
 * Runs on one daemon thread; {@link #close()} stops it.
 */
public final class RuleFileWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RuleFileWatcher.class.getName());

    private final List<Path> files;
    private final Consumer<RulesVersionMarked> propose;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ballast-rule-file-watcher");
        thread.setDaemon(true);
        return thread;
    });
    private RulesVersionMarked lastProposed;

    /** @param current the rule set in force now, or null: the first read is proposed only if it differs */
    public RuleFileWatcher(List<Path> files, RulesVersionMarked current, Consumer<RulesVersionMarked> propose, long intervalMillis) {
        this.files = List.copyOf(files);
        this.propose = propose;
        this.lastProposed = current;
        timer.scheduleWithFixedDelay(this::poll, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            RulesVersionMarked now = RuleFiles.read(files);
            if (!now.equals(lastProposed)) {
                lastProposed = now;
                propose.accept(now);
            }
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read rule files, keeping the rules in force: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "rule set proposal failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
