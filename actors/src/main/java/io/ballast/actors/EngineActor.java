package io.ballast.actors;

import io.ballast.engine.Ballast;
import io.ballast.engine.Quarantined;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.state.ChainAssetTotal;
import io.ballast.engine.state.ChainState;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.TierAmounts;
import io.ballast.engine.state.Valuation;
import io.ballast.risk.eval.PreTradeVerdict;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.eval.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The single writer of the journal and owner of the state: each submitted input is validated,
 * journalled, applied and decided on by the embedded engine ({@link Ballast}, whose live path and
 * replay path are one code); the asset and portfolio views hear what changed within 100 ms (and at
 * once when someone asks them). The actor's
 * mailbox is the engine's only entrance, so inputs of all chains are journalled in the order they
 * arrive here. Supervised: a failure closes the engine and a restart reopens it, which recovers from
 * the newest snapshot plus the journal; an input journalled before the failure is applied then, and
 * its sender's re-send is recognised by its source position and dropped.
 */
public final class EngineActor extends AbstractBehavior<EngineActor.Command> {

    /** What the engine actor understands. */
    public sealed interface Command permits InputLog.Submit, InputLog.GetSourcePosition, InputLog.GetKnownBlocks, GetStateHash, CheckTrade,
            GetQuarantined, Inspect,
            GetAssetExposure, GetPortfolio, Shutdown, RefreshViews {
    }

    public record GetStateHash(ActorRef<StateHash> replyTo) implements Command, BallastMessage {
    }

    /** The state's canonical hash after {@code inputSeq} inputs. */
    public record StateHash(long inputSeq, String hash) implements BallastMessage {
    }

    /** A pre-trade check against the live state; needs the engine to run a {@link RuleEngine}. */
    public record CheckTrade(Trade trade, ActorRef<PreTradeVerdict> replyTo) implements Command, BallastMessage {
    }

    public record GetQuarantined(ActorRef<QuarantinedInputs> replyTo) implements Command, BallastMessage {
    }

    public record QuarantinedInputs(List<Quarantined> inputs) implements BallastMessage {
    }

    /** Runs a query on the state in the actor (local only: a function does not cross the wire). */
    public record Inspect<T>(Function<ExposureState, T> query, ActorRef<T> replyTo) implements Command {
    }

    /** Asks the view of one asset (an asset never held answers with no chains). */
    public record GetAssetExposure(String asset, ActorRef<AssetActor.AssetExposure> replyTo) implements Command, BallastMessage {
    }

    /** Asks the portfolio view. */
    public record GetPortfolio(ActorRef<PortfolioActor.PortfolioChanged> replyTo) implements Command, BallastMessage {
    }

    /** Closes the engine (flushing the journal and writing a snapshot) and stops; {@code replyTo} hears when it is done. */
    public record Shutdown(ActorRef<Done> replyTo) implements Command, BallastMessage {
    }

    /** Private tick: tell the asset and portfolio views what changed since the last tick. */
    private enum RefreshViews implements Command {
        INSTANCE
    }

    /** How stale a view may get; asking a view refreshes it first. */
    private static final Duration VIEW_REFRESH = Duration.ofMillis(100);

    private final RuleEngine rules;
    private final Ballast ballast;
    private final Map<String, ActorRef<AssetActor.Command>> assets = new HashMap<>();
    private final ActorRef<PortfolioActor.Command> portfolio;
    private boolean portfolioStale = true;
    private final Set<String> staleAssets = new TreeSet<>();
    /** The last position of each contiguous source this actor has dealt with (journalled or refused). */
    private final Map<String, Long> lastPositions = new HashMap<>();
    /** The input being submitted, for {@link #noteChanges}: one query function for every input, not a lambda each. */
    private Event applying;
    private final Function<ExposureState, Void> noteChanges = this::noteChanges;

    /**
     * @param open  opens the engine (recovering from its data directory); called again on every restart
     * @param rules the rule engine among the engine's decision makers, for pre-trade checks, or null
     */
    public static Behavior<Command> create(Supplier<Ballast> open, RuleEngine rules) {
        return Behaviors.supervise(Behaviors.<Command>setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(RefreshViews.INSTANCE, VIEW_REFRESH);
            return new EngineActor(context, open, rules);
        }))).onFailure(Throwable.class, SupervisorStrategy.restart().withLoggingEnabled(true));
    }

    private EngineActor(ActorContext<Command> context, Supplier<Ballast> open, RuleEngine rules) {
        super(context);
        this.rules = rules;
        this.ballast = open.get();
        this.portfolio = context.spawn(PortfolioActor.create(), "portfolio");
        ballast.query(state -> staleAssets.addAll(state.heldAssets()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(InputLog.Submit.class, this::onSubmit)
                .onMessage(InputLog.GetSourcePosition.class, m -> {
                    m.replyTo().tell(new InputLog.SourcePosition(m.source(), ballast.sourcePosition(m.source())));
                    return this;
                })
                .onMessage(InputLog.GetKnownBlocks.class, m -> {
                    m.replyTo().tell(new InputLog.KnownBlocks(m.chain(), ballast.query(state -> new TreeMap<>(state.chain(m.chain())
                            .map(ChainState::knownHashes).orElse(new TreeMap<>())))));
                    return this;
                })
                .onMessage(GetStateHash.class, m -> {
                    m.replyTo().tell(ballast.query(state -> new StateHash(state.inputSeq(), StateCodec.hash(state))));
                    return this;
                })
                .onMessage(CheckTrade.class, this::onCheckTrade)
                .onMessage(GetQuarantined.class, m -> {
                    m.replyTo().tell(new QuarantinedInputs(ballast.quarantined()));
                    return this;
                })
                .onMessage(Inspect.class, this::onInspect)
                .onMessage(GetAssetExposure.class, m -> {
                    onRefreshViews();
                    asset(m.asset()).tell(new AssetActor.GetExposure(m.replyTo()));
                    return this;
                })
                .onMessage(GetPortfolio.class, m -> {
                    onRefreshViews();
                    portfolio.tell(new PortfolioActor.GetPortfolio(m.replyTo()));
                    return this;
                })
                .onMessage(RefreshViews.class, m -> onRefreshViews())
                .onMessage(Shutdown.class, m -> {
                    closeEngine();
                    m.replyTo().tell(Done.getInstance());
                    return Behaviors.stopped();
                })
                .onSignal(PreRestart.class, signal -> {
                    ballast.closeAfterFailure();
                    return this;
                })
                .onSignal(PostStop.class, signal -> closeEngine())
                .build();
    }

    private Behavior<Command> onSubmit(InputLog.Submit submit) {
        int applied = 0;
        List<String> rejections = List.of();
        long missingFrom = Event.NONE;
        boolean contiguous = submit.contiguous();
        long last = contiguous ? lastPosition(submit.source()) : Event.NONE;
        for (int i = 0; i < submit.events().size(); i++) {
            long position = submit.source().isEmpty() ? Event.NONE : submit.position() + i;
            if (contiguous && position > last + 1) {
                missingFrom = last + 1;
                break;
            }
            applying = submit.events().get(i);
            try {
                if (ballast.submit(submit.source(), position, applying)) {
                    applied++;
                    ballast.query(noteChanges);
                }
            } catch (IllegalArgumentException rejected) {
                rejections = rejections.isEmpty() ? new ArrayList<>() : rejections;
                // An input of no source has no position to name: its reason is the whole answer.
                rejections.add(submit.source().isEmpty() ? rejected.getMessage() : submit.source() + "@" + position + ": " + rejected.getMessage());
            }
            // Taken, repeated or rejected, the position is spent: a refused input must not look like a gap.
            last = Math.max(last, position);
        }
        if (contiguous) {
            lastPositions.put(submit.source(), last);
        }
        submit.replyTo().tell(new InputLog.Submitted(submit.source(), submit.position(), submit.events().size(), applied, List.copyOf(rejections),
                missingFrom));
        return this;
    }

    /** A contiguous source's last position: what this actor dealt with, else what the journal holds (0 for none). */
    private long lastPosition(String source) {
        Long last = lastPositions.get(source);
        return last != null ? last : Math.max(ballast.sourcePosition(source), 0);
    }

    /**
     * Notes which views {@link #applying} made stale: the assets whose holdings it moved (or every held
     * asset, for an input that moves chains or time) and the portfolio. They are told at the next refresh.
     */
    private Void noteChanges(ExposureState state) {
        portfolioStale = true;
        boolean holdingsOnly = applying instanceof TransferObserved || applying instanceof BalanceObserved
                || applying instanceof PendingTransferObserved;
        if (holdingsOnly) {
            List<ChainAssetTotal> changed = state.changedHoldings();
            for (int i = 0; i < changed.size(); i++) {
                staleAssets.add(changed.get(i).asset());
            }
        } else {
            staleAssets.addAll(state.heldAssets());
        }
        return null;
    }

    /** Tells the stale views what they show now. */
    private Behavior<Command> onRefreshViews() {
        if (!staleAssets.isEmpty()) {
            ballast.query(state -> {
                staleAssets.forEach(asset -> publishAsset(state, asset));
                return null;
            });
            staleAssets.clear();
        }
        return onRefreshPortfolio();
    }

    private void publishAsset(ExposureState state, String asset) {
        TreeMap<String, TierAmounts> byChain = new TreeMap<>();
        state.holdingsOf(asset).forEach((chain, holding) -> byChain.put(chain, holding.tiers()));
        asset(asset).tell(new AssetActor.HoldingsChanged(asset, byChain, state.inputSeq()));
    }

    private ActorRef<AssetActor.Command> asset(String asset) {
        return assets.computeIfAbsent(asset, name -> getContext().spawn(AssetActor.create(name), "asset-" + name));
    }

    private Behavior<Command> onRefreshPortfolio() {
        if (portfolioStale) {
            portfolio.tell(ballast.query(state -> {
                Valuation.PortfolioUsd usd = state.valuation().portfolio();
                return new PortfolioActor.PortfolioChanged(usd.pending(), usd.unsafe(), usd.safe(), usd.finalized(), usd.inFlight(),
                        usd.liabilities(), List.copyOf(usd.unpriced()), state.positions().size(), state.inputSeq());
            }));
            portfolioStale = false;
        }
        return this;
    }

    private Behavior<Command> onCheckTrade(CheckTrade check) {
        if (rules == null) {
            throw new IllegalStateException("pre-trade checks need the engine to run a rule engine");
        }
        check.replyTo().tell(ballast.query(state -> rules.preTrade(state, check.trade())));
        return this;
    }

    @SuppressWarnings("unchecked")
    private Behavior<Command> onInspect(Inspect<?> inspect) {
        Inspect<Object> query = (Inspect<Object>) inspect;
        query.replyTo().tell(ballast.query(query.query()));
        return this;
    }

    private Behavior<Command> closeEngine() {
        ballast.close();
        return this;
    }
}
