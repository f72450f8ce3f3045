package io.ballast.ops.cluster;

import io.ballast.actors.ActorSettings;
import io.ballast.actors.BallastMessage;
import io.ballast.actors.ChainActor;
import io.ballast.actors.ChainFeed;
import io.ballast.actors.InputLog;
import io.ballast.connectors.chain.EvmChainSource;
import io.ballast.engine.model.Catalogue;
import io.ballast.ops.config.BallastConfig;
import io.ballast.ops.run.ChainFollowing;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The one owner of a live chain in a cluster: an instance of a Sharded Daemon Process on the ingest
 * nodes, so each chain is followed on exactly one node and moves when that node leaves or is lost. It
 * asks the ingest which of the chain's blocks the stream holds, then runs what a single node runs for
 * the chain — its source reading the node from there, and its {@link ChainActor} putting the stream in
 * order — with the ingest's sequencer as the chain actor's input log.
 */
final class ChainOwner {

    /** What a chain's owner understands. */
    sealed interface Command permits Stop, Follow, FollowFailed {
    }

    /** Sent by the daemon process when the chain moves: its source stops; what it handed over and was not committed is read again there. */
    record Stop() implements Command, BallastMessage {
    }

    /** Private: the blocks of the chain the stream holds, from which its source resumes. */
    private record Follow(SortedMap<Long, String> blocks) implements Command {
    }

    /** Private: the ingest did not say which blocks it holds (it is moving): ask again. */
    private record FollowFailed(Throwable cause) implements Command {
    }

    private static final System.Logger LOG = System.getLogger(ChainOwner.class.getName());
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

    private ChainOwner() {
    }

    /** @param here the chains followed on this node, by name: this owner's while it follows */
    static Behavior<Command> create(BallastConfig.ChainSource chain, Set<String> accounts, Catalogue catalogue, ActorRef<InputLog.Command> log,
                                    ActorSettings settings, Map<String, EvmChainSource> here) {
        return Behaviors.supervise(Behaviors.<Command>setup(context -> {
            askWhereTheChainStands(context, chain.chain(), log);
            return Behaviors.receive(Command.class)
                    .onMessage(Follow.class, follow -> follow(context, chain, accounts, catalogue, log, settings, follow.blocks(), here))
                    .onMessage(FollowFailed.class, failed -> {
                        LOG.log(System.Logger.Level.WARNING, chain.chain() + ": the ingest did not answer (" + failed.cause()
                                + "); it may be moving: asking again");
                        askWhereTheChainStands(context, chain.chain(), log);
                        return Behaviors.same();
                    })
                    .onMessage(Stop.class, stop -> Behaviors.stopped())
                    .build();
        })).onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2));
    }

    /** Asks the ingest which of the chain's blocks the stream holds; a timeout (the ingest moving) is a {@link FollowFailed}. */
    private static void askWhereTheChainStands(ActorContext<Command> context, String chain, ActorRef<InputLog.Command> log) {
        context.ask(InputLog.KnownBlocks.class, log, ASK_TIMEOUT, replyTo -> new InputLog.GetKnownBlocks(chain, replyTo),
                (known, failure) -> known != null ? new Follow(known.hashes()) : new FollowFailed(failure));
    }

    private static Behavior<Command> follow(ActorContext<Command> context, BallastConfig.ChainSource chain, Set<String> accounts,
                                            Catalogue catalogue, ActorRef<InputLog.Command> log, ActorSettings settings,
                                            SortedMap<Long, String> blocks, Map<String, EvmChainSource> here) {
        String name = chain.chain();
        AtomicReference<EvmChainSource> source = new AtomicReference<>();
        ActorRef<ChainActor.Command> chainActor = context.spawn(ChainActor.create(catalogue.chain(name).orElseThrow(), log,
                        (gapChain, from, to) -> source.get().backfill(from, to), settings, System::currentTimeMillis), "chain",
                DispatcherSelector.fromConfig(ActorSettings.DISPATCHER));
        context.watch(chainActor);
        ChainFeed feed = new ChainFeed(name, chainActor, settings, context.getSystem());
        source.set(ChainFollowing.source(chain, accounts, catalogue, feed, untimed -> { }, blocks));
        source.get().start();
        here.put(name, source.get());
        LOG.log(System.Logger.Level.INFO, name + ": followed on this node, from block " + (blocks.isEmpty() ? "(none yet)" : blocks.lastKey()));
        return Behaviors.receive(Command.class)
                .onMessage(Stop.class, stop -> Behaviors.stopped())
                .onSignal(Terminated.class, stopped -> {
                    throw new IllegalStateException(name + ": its chain actor stopped");
                })
                .onSignal(PreRestart.class, signal -> stopFollowing(name, source.get(), here))
                .onSignal(PostStop.class, signal -> stopFollowing(name, source.get(), here))
                .build();
    }

    /**
     * Lets the chain go here. Its source is closed on a thread of its own: a poll under way waits for its
     * events to be taken (up to the sink timeout), and the chain's next owner must not wait on that.
     */
    private static Behavior<Command> stopFollowing(String chain, EvmChainSource source, Map<String, EvmChainSource> here) {
        here.remove(chain, source);
        Thread closing = new Thread(source::close, "ballast-close-" + chain);
        closing.setDaemon(true);
        closing.start();
        return Behaviors.same();
    }
}
