package io.ballast.risk.backtest;

import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventFileReader;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.codec.EventLineError;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.journal.Journal;
import io.ballast.engine.journal.JournalSettings;
import io.ballast.engine.model.Catalogue;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.eval.RuleSetCheck;
import io.ballast.risk.file.RuleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Runs events through the real engine (journal and all, in a scratch directory that is removed
 * afterwards) under one rule set, journalled first. Rule sets recorded in a source journal are
 * skipped: the back-test's rules replace them. Same inputs, same rules: byte-identical decisions.
 */
public final class Backtest {

    /** What a run produced. */
    public record Result(List<Decision> decisions, long events, List<EventLineError> rejected, String stateHash) {
    }

    private final Catalogue catalogue;

    public Backtest(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * @param progress receives the number of events submitted so far, every 10,000 and at the end
     * @throws IllegalArgumentException when the rule files do not validate (with every error)
     */
    public Result ofEvents(List<Path> rules, Path events, LongConsumer progress) {
        List<EventLineError> rejected = new ArrayList<>();
        return run(rules, (ballast, count) -> new EventFileReader(new EventJson(catalogue)).read(events, (line, event) -> {
            ballast.submit(event);
            count.accept(1);
        }, rejected::add), rejected, progress);
    }

    public Result ofJournal(List<Path> rules, Path journalDirectory, LongConsumer progress) {
        if (!Files.isDirectory(journalDirectory.resolve("inputs"))) {
            throw new IllegalArgumentException("no journal at " + journalDirectory);
        }
        return run(rules, (ballast, count) -> {
            try (Journal journal = Journal.open(journalDirectory, JournalSettings.defaults())) {
                journal.readInputs(-1, input -> {
                    if (!(input.event() instanceof RulesVersionMarked)) {
                        ballast.submit(input.event());
                        count.accept(1);
                    }
                });
            }
        }, List.of(), progress);
    }

    private interface Feed {
        void feed(Ballast ballast, Consumer<Integer> count);
    }

    private Result run(List<Path> rules, Feed feed, List<EventLineError> rejected, LongConsumer progress) {
        RulesVersionMarked ruleSet = RuleFiles.read(rules);
        new RuleSetCheck(catalogue).check(ruleSet);
        Path scratch = scratch();
        List<Decision> decisions = new ArrayList<>();
        long[] events = {0};
        try (Ballast ballast = Ballast.builder().dataDirectory(scratch).catalogue(catalogue).snapshotEvery(0)
                .decisionMaker(new RuleEngine(catalogue)).onDecision(decisions::add).build()) {
            ballast.submit(ruleSet);
            feed.feed(ballast, one -> {
                events[0]++;
                if (events[0] % 10_000 == 0) {
                    progress.accept(events[0]);
                }
            });
            progress.accept(events[0]);
            return new Result(decisions, events[0], rejected, ballast.stateHash());
        } finally {
            Ballast.deleteDataDirectory(scratch);
        }
    }

    private static Path scratch() {
        try {
            return Files.createTempDirectory("ballast-backtest");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for the back-test", e);
        }
    }
}
