package io.ballast.engine;

import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionMaker;
import io.ballast.engine.decision.ReorgRefusalAlerts;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.EventValidator;
import io.ballast.engine.journal.Journal;
import io.ballast.engine.journal.JournalDecision;
import io.ballast.engine.journal.JournalFollower;
import io.ballast.engine.journal.JournalSettings;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.snapshot.Snapshot;
import io.ballast.engine.snapshot.SnapshotStore;
import io.ballast.engine.state.ExposureReport;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.StateSettings;
import io.ballast.engine.state.TierAmounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Ballast embedded in a Java process. Each submitted event is validated, journalled, applied to the
 * exposure state and turned into decisions, which are journalled and then handed to subscribers, all
 * before {@code submit} returns. Submits and queries are serialised by the instance's lock, so any
 * thread may call them.
 *
 * <pre>{@code
 * try (Ballast ballast = Ballast.builder().dataDirectory(Path.of("data")).trackAccount("0xdesk", "desk-a").build()) {
 *     ballast.subscribe(decision -> System.out.println(decision));
 *     ballast.submit(event);
 *     TierAmounts usdcOnBase = ballast.balance("base", "USDC", "0xdesk");
 * }
 * }</pre>
 *
 * <p>On {@link Builder#build()} it recovers: it loads the newest valid snapshot, replays the journal
 * after it, and journals any decisions a crash kept from being journalled.
 */
public final class Ballast implements DecisionJournal, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Ballast.class.getName());

    private final Journal journal;
    private final SnapshotStore snapshots;
    private final long snapshotEvery;
    private final EventValidator validator;
    private final List<InputCheck> inputChecks;
    private final Pipeline pipeline;
    private final List<Consumer<Decision>> subscribers = new CopyOnWriteArrayList<>();
    private long lastInputIndex = -1;
    private long lastSnapshotSeq;
    private long journalledDecisions;
    private boolean closed;

    private Ballast(Builder builder) {
        Path data = builder.dataDirectory;
        this.snapshots = new SnapshotStore(data.resolve("snapshots"), 3);
        this.snapshotEvery = builder.snapshotEvery;
        this.validator = new EventValidator(builder.catalogue);
        this.inputChecks = List.copyOf(builder.inputChecks);
        this.subscribers.addAll(builder.subscribers);
        StateSettings settings = builder.settings.withTrackedAccounts(builder.trackedAccounts.isEmpty()
                ? builder.settings.trackedAccounts() : builder.trackedAccounts);
        Optional<Snapshot> snapshot = snapshots.loadNewest(skipped -> LOG.log(System.Logger.Level.WARNING, "skipping snapshot " + skipped));
        ExposureState state = snapshot.map(s -> StateCodec.decode(s.state(), builder.catalogue, settings))
                .orElseGet(() -> new ExposureState(builder.catalogue, settings));
        List<DecisionMaker> makers = new ArrayList<>(builder.builtIns ? builtInDecisionMakers() : List.of());
        makers.addAll(builder.decisionMakers);
        this.pipeline = new Pipeline(state, makers);
        this.journal = Journal.open(data.resolve("journal"), builder.journalSettings);
        try {
            recover(snapshot);
            pipeline.timing(builder.timing);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    private void recover(Optional<Snapshot> snapshot) {
        journalledDecisions = journal.lastDecision().map(d -> d.seq()).orElse(0L);
        lastSnapshotSeq = snapshot.map(Snapshot::inputSeq).orElse(0L);
        lastInputIndex = snapshot.map(Snapshot::journalIndex).orElse(-1L);
        journal.readInputs(lastInputIndex, input -> {
            publishNew(pipeline.apply(input));
            lastInputIndex = input.index();
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Submits an event from no particular source. */
    public boolean submit(Event event) {
        return submit("", Event.NONE, event);
    }

    /**
     * Submits an event read at {@code position} of {@code source} (a file and line, a topic-partition
     * and offset). Positions of one source only go up: an event at or below the last journalled
     * position of its source was already taken and is ignored, so a source that re-sends after a
     * crash is applied exactly once.
     *
     * @return true if the event was journalled and applied, false if it was a repeat
     * @throws IllegalArgumentException if the event is invalid; nothing is journalled then
     */
    public synchronized boolean submit(String source, long position, Event event) {
        ensureOpen();
        validator.validate(event);
        for (int i = 0; i < inputChecks.size(); i++) {
            inputChecks.get(i).check(event);
        }
        ExposureState state = pipeline.state();
        if (!source.isEmpty() && position <= state.sourcePosition(source)) {
            return false;
        }
        long seq = state.inputSeq() + 1;
        long index = journal.appendInput(seq, source, position, event);
        publishNew(pipeline.apply(index, seq, source, position, event));
        lastInputIndex = index;
        if (snapshotEvery > 0 && seq - lastSnapshotSeq >= snapshotEvery) {
            snapshot();
        }
        return true;
    }

    /** Journals and publishes the decisions of an applied input that were not journalled before. */
    private void publishNew(List<Pipeline.Numbered> decided) {
        for (int i = 0; i < decided.size(); i++) {
            Pipeline.Numbered numbered = decided.get(i);
            if (numbered.seq() <= journalledDecisions) {
                continue; // journalled before a restart
            }
            journal.appendDecision(numbered.seq(), numbered.decision());
            journalledDecisions = numbered.seq();
            publish(numbered.decision());
        }
    }

    private void publish(Decision decision) {
        for (Consumer<Decision> subscriber : subscribers) {
            try {
                subscriber.accept(decision);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "decision subscriber failed on " + decision.id(), e);
            }
        }
    }

    /** A subscription to decisions; closing it unsubscribes. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Receives every decision journalled from now on. */
    public Subscription subscribe(Consumer<Decision> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Runs a query against the state under the lock; the query must not keep references to it. */
    public synchronized <T> T query(Function<ExposureState, T> query) {
        ensureOpen();
        return query.apply(pipeline.state());
    }

    public TierAmounts balance(String chain, String asset, String account) {
        return query(state -> state.balance(chain, asset, account));
    }

    /** Inputs that threw on apply and were set aside since this instance started (recovery included). */
    public List<Quarantined> quarantined() {
        return query(state -> List.copyOf(pipeline.quarantined()));
    }

    /** SHA-256 of the canonical state: equal hashes mean equal states. */
    public String stateHash() {
        return query(StateCodec::hash);
    }

    /** The exposure as text (see {@link ExposureReport}). */
    public String exposureReport() {
        return query(ExposureReport::render);
    }

    /** Highest position journalled from {@code source}, or -1: where a restarted source resumes. */
    public long sourcePosition(String source) {
        return query(state -> state.sourcePosition(source));
    }

    @Override
    public synchronized long lastDecisionSeq() {
        return journalledDecisions;
    }

    @Override
    public synchronized JournalFollower<JournalDecision> followDecisions(long afterIndex) {
        ensureOpen();
        return journal.followDecisions(afterIndex);
    }

    /** Writes a snapshot now and drops journal cycles the retention allows. */
    public synchronized void snapshot() {
        ensureOpen();
        ExposureState state = pipeline.state();
        if (state.inputSeq() == 0) {
            return;
        }
        snapshots.write(new Snapshot(state.inputSeq(), lastInputIndex, StateCodec.encode(state)));
        lastSnapshotSeq = state.inputSeq();
        journal.applyRetention(lastInputIndex);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (snapshotEvery > 0 && pipeline.state().inputSeq() > lastSnapshotSeq) {
            snapshot();
        }
        closed = true;
        subscribers.clear();
        journal.close();
    }

    /**
     * Closes after a failure while an input was being applied: releases the journal but writes no
     * snapshot, since the state may be half-applied. The next start recovers from the journal.
     */
    public synchronized void closeAfterFailure() {
        if (!closed) {
            closed = true;
            subscribers.clear();
            journal.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Ballast is closed");
        }
    }

    /**
     * Rebuilds state from a journal directory from the first input, without writing anything.
     *
     * @param decisions receives every decision the inputs cause, in order
     */
    public static ExposureState replay(Path journalDirectory, Catalogue catalogue, StateSettings settings,
                                       List<DecisionMaker> decisionMakers, Consumer<Decision> decisions) {
        Pipeline pipeline = new Pipeline(new ExposureState(catalogue, settings), decisionMakers);
        try (Journal journal = Journal.open(journalDirectory, JournalSettings.defaults())) {
            journal.readInputs(-1, input -> pipeline.apply(input).forEach(numbered -> decisions.accept(numbered.decision())));
        }
        return pipeline.state();
    }

    /** Removes a closed engine's data directory (journal, snapshots, all of it), if there is one. */
    public static void deleteDataDirectory(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory, e);
        }
    }

    /** The decision makers every engine runs. */
    public static List<DecisionMaker> builtInDecisionMakers() {
        return List.of(new ReorgRefusalAlerts());
    }

    /** Configures and starts a {@link Ballast}. */
    public static final class Builder {
        private Path dataDirectory = Path.of("data");
        private Catalogue catalogue = Catalogue.defaults();
        private StateSettings settings = StateSettings.defaults();
        private final TreeMap<String, String> trackedAccounts = new TreeMap<>();
        private JournalSettings journalSettings = JournalSettings.defaults();
        private long snapshotEvery = 100_000;
        private boolean builtIns = true;
        private final List<DecisionMaker> decisionMakers = new ArrayList<>();
        private final List<Consumer<Decision>> subscribers = new ArrayList<>();
        private final List<InputCheck> inputChecks = new ArrayList<>();
        private PipelineTiming timing = PipelineTiming.NONE;

        private Builder() {
        }

        /** Times every live input's apply and decide (for metrics); replayed inputs are not timed. */
        public Builder timing(PipelineTiming timing) {
            this.timing = timing;
            return this;
        }

        /** Adds a check every submitted event must pass before it is journalled (a rule set must be valid, ...). */
        public Builder inputCheck(InputCheck check) {
            inputChecks.add(check);
            return this;
        }

        /** Where the journal ({@code journal/}) and snapshots ({@code snapshots/}) live. Default {@code ./data}. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        public Builder catalogue(Catalogue catalogue) {
            this.catalogue = catalogue;
            return this;
        }

        public Builder settings(StateSettings settings) {
            this.settings = settings;
            return this;
        }

        /** Tracks an account under a desk label. Without any, accounts are tracked from their balance observations. */
        public Builder trackAccount(String account, String desk) {
            trackedAccounts.put(account.toLowerCase(java.util.Locale.ROOT), desk);
            return this;
        }

        public Builder journal(JournalSettings settings) {
            this.journalSettings = settings;
            return this;
        }

        /** Snapshot after this many inputs (0: never automatically). Default 100,000. */
        public Builder snapshotEvery(long inputs) {
            this.snapshotEvery = inputs;
            return this;
        }

        /**
         * Leaves out the built-in decision makers (the chain alerts of {@link #builtInDecisionMakers()}): an
         * engine of one asset partition leaves them to the engine that decides across assets, so each is said once.
         */
        public Builder withoutBuiltInDecisionMakers() {
            builtIns = false;
            return this;
        }

        /** Adds a decision maker after the built-in ones. */
        public Builder decisionMaker(DecisionMaker maker) {
            decisionMakers.add(maker);
            return this;
        }

        /** Subscribes before recovery, so decisions journalled during recovery are delivered too. */
        public Builder onDecision(Consumer<Decision> subscriber) {
            subscribers.add(subscriber);
            return this;
        }

        public Ballast build() {
            return new Ballast(this);
        }
    }
}
