package io.ballast.actors;

import io.ballast.engine.Ballast;
import io.ballast.engine.Quarantined;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.state.ChainAssetTotal;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.TierAmounts;
import io.ballast.engine.state.Valuation;
import io.ballast.risk.eval.PreTradeVerdict;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.eval.Trade;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * replay path are one code), then the asset and portfolio views hear what changed. The actor's
 * mailbox is the engine's only entrance, so inputs of all chains are journalled in the order they
 * arrive here. Supervised: a failure closes the engine and a restart reopens it, which recovers from
 * the newest snapshot plus the journal; an input journalled before the failure is applied then, and
 * its sender's re-send is recognised by its source position and dropped.
 */
public final class EngineActor extends AbstractBehavior<EngineActor.Command> {

    /** What the engine actor understands. */
    public sealed interface Command permits Submit, GetSourcePosition, GetStateHash, CheckTrade, GetQuarantined, Inspect,
            GetAssetExposure, GetPortfolio, Shutdown, RefreshPortfolio {
    }

    /** An input at {@code position} of {@code source} (positions of a source only go up; "" for none). */
    public record Submit(String source, long position, Event event, ActorRef<Submitted> replyTo) implements Command, BallastMessage {
    }

    /** The answer to a submit: journalled and applied, a repeat (already taken), or rejected and why. */
    public record Submitted(String source, long position, boolean applied, String rejection) implements BallastMessage {

        public boolean accepted() {
            return rejection == null;
        }
    }

    /** Where a source resumes: the highest position journalled from it, or -1. */
    public record GetSourcePosition(String source, ActorRef<SourcePosition> replyTo) implements Command, BallastMessage {
    }

    public record SourcePosition(String source, long position) implements BallastMessage {
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

    /** Private tick: tell the portfolio view the latest USD figures, when inputs came since the last. */
    private enum RefreshPortfolio implements Command {
        INSTANCE
    }

    private static final Duration PORTFOLIO_REFRESH = Duration.ofMillis(200);

    private final RuleEngine rules;
    private final Ballast ballast;
    private final Map<String, ActorRef<AssetActor.Command>> assets = new HashMap<>();
    private final ActorRef<PortfolioActor.Command> portfolio;
    private boolean portfolioStale = true;

    /**
     * @param open  opens the engine (recovering from its data directory); called again on every restart
     * @param rules the rule engine among the engine's decision makers, for pre-trade checks, or null
     */
    public static Behavior<Command> create(Supplier<Ballast> open, RuleEngine rules) {
        return Behaviors.supervise(Behaviors.<Command>setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(RefreshPortfolio.INSTANCE, PORTFOLIO_REFRESH);
            return new EngineActor(context, open, rules);
        }))).onFailure(Throwable.class, SupervisorStrategy.restart().withLoggingEnabled(true));
    }

    private EngineActor(ActorContext<Command> context, Supplier<Ballast> open, RuleEngine rules) {
        super(context);
        this.rules = rules;
        this.ballast = open.get();
        this.portfolio = context.spawn(PortfolioActor.create(), "portfolio");
        ballast.query(state -> {
            state.heldAssets().forEach(asset -> publishAsset(state, asset));
            return null;
        });
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(GetSourcePosition.class, m -> {
                    m.replyTo().tell(new SourcePosition(m.source(), ballast.sourcePosition(m.source())));
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
                    asset(m.asset()).tell(new AssetActor.GetExposure(m.replyTo()));
                    return this;
                })
                .onMessage(GetPortfolio.class, m -> {
                    onRefreshPortfolio();
                    portfolio.tell(new PortfolioActor.GetPortfolio(m.replyTo()));
                    return this;
                })
                .onMessage(RefreshPortfolio.class, m -> onRefreshPortfolio())
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

    private Behavior<Command> onSubmit(Submit submit) {
        boolean applied;
        try {
            applied = ballast.submit(submit.source(), submit.position(), submit.event());
        } catch (IllegalArgumentException rejected) {
            submit.replyTo().tell(new Submitted(submit.source(), submit.position(), false, rejected.getMessage()));
            return this;
        }
        if (applied) {
            portfolioStale = true;
            ballast.query(state -> {
                publishChanges(state, submit.event());
                return null;
            });
        }
        submit.replyTo().tell(new Submitted(submit.source(), submit.position(), applied, null));
        return this;
    }

    /** Tells the views of the assets the input changed: the holdings it moved, or every held asset. */
    private void publishChanges(ExposureState state, Event event) {
        boolean holdingsOnly = event instanceof TransferObserved || event instanceof BalanceObserved
                || event instanceof PendingTransferObserved;
        if (holdingsOnly) {
            List<ChainAssetTotal> changed = state.changedHoldings();
            for (int i = 0; i < changed.size(); i++) {
                publishAsset(state, changed.get(i).asset());
            }
        } else {
            state.heldAssets().forEach(asset -> publishAsset(state, asset));
        }
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
