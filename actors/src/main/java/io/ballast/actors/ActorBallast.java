package io.ballast.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.engine.Ballast;
import io.ballast.engine.DecisionJournal;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.event.Event;
import io.ballast.engine.journal.JournalDecision;
import io.ballast.engine.journal.JournalFollower;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import io.ballast.risk.eval.PreTradeVerdict;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.eval.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Ballast on Pekko actors: a {@link ChainActor} per chain puts each chain's stream in order, the
 * {@link EngineActor} journals and applies every input (one writer, the engine's own replay path),
 * and {@link AssetActor}s and a {@link PortfolioActor} hold the views. Producers hand events to a
 * chain through its {@link ChainFeed}, which slows them when the engine falls behind.
 *
 * <pre>{@code
 * try (ActorBallast ballast = ActorBallast.builder()
 *         .engine(Ballast.builder().dataDirectory(Path.of("data")).trackAccount("0xdesk", "desk-a"))
 *         .withRules()
 *         .build()) {
 *     ballast.subscribe(decision -> System.out.println(decision));
 *     ballast.feed("arbitrum").offer(block);
 *     PreTradeVerdict verdict = ballast.preTrade(new Trade("base", "USDC", amount)).toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>It starts its own actor system, or joins a given one. {@link #close()} completes every feed
 * (so every offered event is journalled), stops its actors, closes the engine (journal flushed,
 * snapshot written) and, when the system is its own, terminates it: no thread is left behind.
 */
public final class ActorBallast implements DecisionJournal, AutoCloseable {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem<?> system;
    private final boolean ownSystem;
    private final Catalogue catalogue;
    private final ActorSettings settings;
    private final ChainActor.Backfill backfill;
    private final LongSupplier clock;
    private final ActorRef<EngineActor.Command> engine;
    private final Map<String, ActorRef<ChainActor.Command>> chains = new ConcurrentHashMap<>();
    private final Map<String, ChainFeed> feeds = new ConcurrentHashMap<>();
    private final List<Consumer<Decision>> subscribers;
    private final RuleEngine rules;
    /** The engine the engine actor has open (a new one after each restart), for reading its journalled decisions. */
    private volatile CompletableFuture<Ballast> opened = new CompletableFuture<>();
    private boolean closed;

    private ActorBallast(Builder builder, List<Consumer<Decision>> subscribers) {
        this.ownSystem = builder.system == null;
        this.system = ownSystem ? ActorSystem.create(Behaviors.empty(), "ballast", builder.config) : builder.system;
        this.catalogue = builder.catalogue;
        this.settings = ActorSettings.from(system.settings().config());
        this.backfill = builder.backfill;
        this.clock = builder.clock;
        this.subscribers = subscribers;
        this.rules = builder.rules;
        Ballast.Builder engineBuilder = builder.engine;
        Supplier<Ballast> open = () -> {
            Ballast ballast = engineBuilder.build();
            if (!opened.complete(ballast)) {
                opened = CompletableFuture.completedFuture(ballast); // a restart, or a wait that gave up: this engine from now on
            }
            return ballast;
        };
        this.engine = system.systemActorOf(EngineActor.create(open, builder.rules), "ballast-engine", pipelineProps());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The feed of a chain of the catalogue, started with its chain actor on first use. */
    public ChainFeed feed(String chain) {
        ensureOpen();
        ChainFeed feed = feeds.get(chain); // a producer asks on every event: no lambda for a feed that exists
        return feed != null ? feed : feeds.computeIfAbsent(chain, name -> new ChainFeed(name, chainActor(name), settings, system));
    }

    private ActorRef<ChainActor.Command> chainActor(String chain) {
        if (!chains.containsKey(chain) && chains.size() >= settings.maxChains()) {
            throw new IllegalStateException("the engine's mailbox (ballast.actors.mailbox-capacity " + settings.mailboxCapacity()
                    + ") has room for " + settings.maxChains() + " chains of max-in-flight " + settings.maxInFlight() + "; raise it for " + chain);
        }
        return chains.computeIfAbsent(chain, name -> system.systemActorOf(ChainActor.create(catalogue.chain(name)
                        .orElseThrow(() -> new IllegalArgumentException("unknown chain " + name)), inputLog(), backfill, settings, clock),
                "ballast-chain-" + name, pipelineProps()));
    }

    /** The engine actor as an input log: every {@link InputLog.Command} is one of its commands. */
    private ActorRef<InputLog.Command> inputLog() {
        return engine.unsafeUpcast();
    }

    /** The pipeline's actors: bounded mailboxes, on Ballast's own dispatcher. */
    private Props pipelineProps() {
        return MailboxSelector.bounded(settings.mailboxCapacity()).withDispatcherFromConfig(ActorSettings.DISPATCHER);
    }

    /** Submits an input not tied to a chain's stream (prices, obligations, rule sets, ...) at a position of its source. */
    public CompletionStage<InputLog.Submitted> submit(String source, long position, Event event) {
        return ask(replyTo -> new InputLog.Submit(source, position, event, replyTo));
    }

    /** The chain's blocks the journal holds (hashes by number), where a source of the chain resumes. */
    public CompletionStage<SortedMap<Long, String>> knownBlocks(String chain) {
        return this.<InputLog.KnownBlocks>ask(replyTo -> new InputLog.GetKnownBlocks(chain, replyTo)).thenApply(InputLog.KnownBlocks::hashes);
    }

    /** Submits an input from no particular source. */
    public CompletionStage<InputLog.Submitted> submit(Event event) {
        return submit("", Event.NONE, event);
    }

    /** Receives every decision journalled from now on, on the engine actor's thread: keep it short. */
    public Ballast.Subscription subscribe(Consumer<Decision> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** "If I send or receive this amount now, which rules break?" — from the live state, changing nothing. */
    public CompletionStage<PreTradeVerdict> preTrade(Trade trade) {
        return ask(replyTo -> new EngineActor.CheckTrade(trade, replyTo));
    }

    /**
     * The rule engine among the engine's decision makers (with {@code withRules()}), for reads such as
     * {@link RuleEngine#allocations} that must run inside {@link #query}, never outside it.
     */
    public Optional<RuleEngine> rules() {
        return Optional.ofNullable(rules);
    }

    /** Runs a query on the state inside the engine actor; it must not keep references to the state. */
    public <T> CompletionStage<T> query(Function<ExposureState, T> query) {
        return ask(replyTo -> new EngineActor.Inspect<>(query, replyTo));
    }

    @Override
    public long lastDecisionSeq() {
        return openedEngine().lastDecisionSeq();
    }

    /**
     * Follows the journalled decisions (for an outbox). After the engine actor restarts, the follower of the
     * engine it replaced fails on its closed journal; ask again for one on the new engine.
     */
    @Override
    public JournalFollower<JournalDecision> followDecisions(long afterIndex) {
        return openedEngine().followDecisions(afterIndex);
    }

    /** The engine the engine actor has open, once it has opened it (recovery done). */
    private Ballast openedEngine() {
        return opened.orTimeout(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public CompletionStage<EngineActor.StateHash> stateHash() {
        return ask(EngineActor.GetStateHash::new);
    }

    public CompletionStage<EngineActor.QuarantinedInputs> quarantined() {
        return ask(EngineActor.GetQuarantined::new);
    }

    public CompletionStage<AssetActor.AssetExposure> assetExposure(String asset) {
        return ask(replyTo -> new EngineActor.GetAssetExposure(asset, replyTo));
    }

    public CompletionStage<PortfolioActor.PortfolioChanged> portfolio() {
        return ask(EngineActor.GetPortfolio::new);
    }

    public CompletionStage<ChainActor.Status> chainStatus(String chain) {
        return AskPattern.ask(chainActor(chain), ChainActor.GetStatus::new, ASK_TIMEOUT, system.scheduler());
    }

    /** How much each feed's producer was slowed so far. */
    public List<ChainFeed.Stats> feedStats() {
        List<ChainFeed.Stats> stats = new ArrayList<>();
        feeds.values().forEach(feed -> stats.add(feed.stats()));
        return stats;
    }

    private <T> CompletionStage<T> ask(Function<ActorRef<T>, EngineActor.Command> message) {
        ensureOpen();
        return AskPattern.ask(engine, message::apply, ASK_TIMEOUT, system.scheduler());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("ActorBallast is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            CompletableFuture.allOf(feeds.values().stream().map(feed -> feed.complete().toCompletableFuture())
                    .toArray(CompletableFuture[]::new)).get(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            chains.values().forEach(chain -> chain.tell(ChainActor.Stop.INSTANCE));
            AskPattern.<EngineActor.Command, org.apache.pekko.Done>ask(engine, EngineActor.Shutdown::new, ASK_TIMEOUT, system.scheduler())
                    .toCompletableFuture().get(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ActorBallast did not shut down cleanly: " + e.getMessage(), e);
        } finally {
            closed = true;
            if (ownSystem) {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
            }
        }
    }

    /** A failing subscriber is logged and skipped; the others still hear the decision. */
    private static void deliver(Consumer<Decision> subscriber, Decision decision) {
        try {
            subscriber.accept(decision);
        } catch (RuntimeException e) {
            System.getLogger(ActorBallast.class.getName()).log(System.Logger.Level.ERROR, "decision subscriber failed on " + decision.id(), e);
        }
    }

    /** Configures and starts an {@link ActorBallast}. */
    public static final class Builder {
        private Ballast.Builder engine = Ballast.builder();
        private Catalogue catalogue = Catalogue.defaults();
        private boolean withRules;
        private RuleEngine rules;
        private ActorSystem<?> system;
        private Config config;
        private ChainActor.Backfill backfill = (chain, from, to) -> { };
        private LongSupplier clock = System::currentTimeMillis;

        private Builder() {
        }

        /** The engine's configuration (data directory, settings, tracked accounts, decision makers ...). */
        public Builder engine(Ballast.Builder engine) {
            this.engine = engine;
            return this;
        }

        /** The catalogue of chains and assets, for the chain actors and the engine. Default: the built-in one. */
        public Builder catalogue(Catalogue catalogue) {
            this.catalogue = catalogue;
            return this;
        }

        /** Runs the risk rules: a rule engine among the decision makers (pre-trade checks use it) and rule sets checked before they are journalled. */
        public Builder withRules() {
            this.withRules = true;
            return this;
        }

        /** Joins an actor system instead of starting one; {@link #close()} leaves it running. */
        public Builder actorSystem(ActorSystem<?> system) {
            this.system = system;
            return this;
        }

        /** The config of the actor system it starts (default: {@code application.conf} over the reference configs). */
        public Builder config(Config config) {
            this.config = config;
            return this;
        }

        /** Where chain actors ask for the blocks of a gap (a connector). Default: nowhere; the gap stays until blocks come. */
        public Builder backfill(ChainActor.Backfill backfill) {
            this.backfill = backfill;
            return this;
        }

        /** The wall clock the chain actors time heads and stalls with (tests set their own). */
        public Builder clock(LongSupplier millis) {
            this.clock = millis;
            return this;
        }

        public ActorBallast build() {
            if (config == null) {
                config = ConfigFactory.load();
            }
            engine.catalogue(catalogue);
            if (withRules) {
                rules = RuleEngine.addTo(engine, catalogue);
            }
            List<Consumer<Decision>> subscribers = new CopyOnWriteArrayList<>();
            engine.onDecision(decision -> subscribers.forEach(subscriber -> deliver(subscriber, decision)));
            return new ActorBallast(this, subscribers);
        }
    }
}
