package io.ballast.actors.cluster;

import io.ballast.actors.BallastMessage;
import io.ballast.engine.Ballast;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.route.AssetPartitions;
import io.ballast.engine.route.PartitionStore;
import io.ballast.engine.snapshot.SnapshotStore;
import io.ballast.engine.state.StateCodec;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.eval.RuleShare;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One asset partition, or the portfolio, on the node that reads its log: an engine ({@link Ballast},
 * journalled in this node's own Chronicle queue) over the partition's inputs, deciding its assets'
 * rules and inventory ({@link RuleShare#assets}) — or, the portfolio, over every input, deciding what
 * spans assets ({@link RuleShare#ACROSS_ASSETS}). It is opened where it lands — from the newest snapshot in the
 * {@link PartitionStore}, never from what an earlier stay on this node left on disk — and answers with
 * the log offset to read on from; inputs at or below the offsets it has taken are repeats and are
 * dropped. Every {@code snapshotEvery} inputs, when its newest snapshot is older than
 * {@code snapshotMaxAge} (and it has taken inputs since: a log's retention must never reach past the
 * inputs a restore replays, however slowly they come), and when it is handed over, it publishes a snapshot.
 * Decision ids are a function of the partition's inputs alone, so whichever node decides again after
 * a move publishes the same ids.
 */
public final class PartitionEntity extends AbstractBehavior<PartitionEntity.Command> {

    private static final System.Logger LOG = System.getLogger(PartitionEntity.class.getName());

    /** What a partition understands. */
    public sealed interface Command extends BallastMessage permits Open, Take, Close, Stop {
    }

    /** Opens the partition here if it is not open; {@code replyTo} hears where its log resumes. */
    public record Open(ActorRef<Opened> replyTo) implements Command {
    }

    /** @param nextOffset the first offset of the log the partition has not taken */
    public record Opened(int partition, long nextOffset) implements BallastMessage {
    }

    /** Inputs of the partition's log, in offset order. */
    public record Take(List<PartitionRecord> records, ActorRef<Taken> replyTo) implements Command {
    }

    /**
     * @param rejected          why each rejected input was (by offset); the others were taken or were repeats
     * @param snapshotAtMillis  when the partition's newest snapshot was published from this node (wall clock; 0 for none yet)
     */
    public record Taken(int partition, List<String> rejected, long snapshotAtMillis) implements BallastMessage {
    }

    /** Hands the partition over: a snapshot is published and the engine closed; {@code replyTo} hears when. */
    public record Close(ActorRef<Closed> replyTo) implements Command {
    }

    public record Closed(int partition) implements BallastMessage {
    }

    /** What sharding sends when it moves the partition away: closes as {@link Close} does, then stops. */
    public record Stop() implements Command {
    }

    /**
     * What every partition of a node is made with.
     *
     * @param dataDirectory   each partition journals under {@code partitions/<n>} here
     * @param trackedAccounts the desk's accounts (a cluster tracks its config's: tracking from a first balance would be per partition)
     * @param snapshotEvery   inputs between two published snapshots
     * @param snapshotMaxAge  the longest a partition taking inputs goes without publishing a snapshot
     */
    public record Setup(Path dataDirectory, Catalogue catalogue, SortedMap<String, String> trackedAccounts, AssetPartitions partitions,
                        long snapshotEvery, Duration snapshotMaxAge, PartitionStore store) {
    }

    private final int partition;
    private final Setup setup;
    private final boolean portfolio;
    private final String source;
    private Ballast engine;
    /** The stream seq of the input being taken, for the decisions it causes. */
    private long streamSeq;
    private long takenSinceSnapshot;
    /** When this node last published the partition's snapshot; 0 until it has (the one restored may be old). */
    private long snapshotAtMillis;

    private PartitionEntity(ActorContext<Command> context, int partition, Setup setup) {
        super(context);
        this.partition = partition;
        this.setup = setup;
        this.portfolio = partition == setup.partitions().portfolio();
        this.source = portfolio ? "portfolio" : "events-" + partition;
    }

    public static Behavior<Command> create(int partition, Setup setup) {
        return Behaviors.setup(context -> new PartitionEntity(context, partition, setup));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Open.class, open -> {
                    open.replyTo().tell(new Opened(partition, opened().sourcePosition(source) + 1));
                    return this;
                })
                .onMessage(Take.class, this::onTake)
                .onMessage(Close.class, close -> {
                    handOver();
                    close.replyTo().tell(new Closed(partition));
                    return this;
                })
                .onMessage(Stop.class, stop -> {
                    handOver();
                    return Behaviors.stopped();
                })
                .onSignal(PostStop.class, stopped -> {
                    if (engine != null) {
                        engine.close();
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Command> onTake(Take take) {
        Ballast taking = opened();
        List<String> rejected = new ArrayList<>();
        for (PartitionRecord record : take.records()) {
            streamSeq = record.streamSeq();
            try {
                if (taking.submit(source, record.offset(), record.event())) {
                    takenSinceSnapshot++;
                }
            } catch (IllegalArgumentException e) {
                String reason = source + "@" + record.offset() + ": " + e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "rejected input " + reason);
                rejected.add(reason);
            }
        }
        if (takenSinceSnapshot >= setup.snapshotEvery()
                || (takenSinceSnapshot > 0 && System.currentTimeMillis() - snapshotAtMillis >= setup.snapshotMaxAge().toMillis())) {
            publishSnapshot();
        }
        take.replyTo().tell(new Taken(partition, rejected, snapshotAtMillis));
        return this;
    }

    /** The engine, opened from the newest published snapshot the first time it is needed here. */
    private Ballast opened() {
        if (engine == null) {
            Path directory = setup.dataDirectory().resolve("partitions").resolve(Integer.toString(partition));
            Ballast.deleteDataDirectory(directory);
            setup.store().latestSnapshot(partition).map(PartitionSnapshot::decode)
                    .ifPresent(snapshot -> new SnapshotStore(directory.resolve("snapshots"), 3).write(snapshot));
            Ballast.Builder builder = Ballast.builder().dataDirectory(directory).snapshotEvery(0);
            setup.trackedAccounts().forEach(builder::trackAccount);
            RuleEngine.addTo(builder, setup.catalogue(), portfolio ? RuleShare.ACROSS_ASSETS
                    : RuleShare.assets(asset -> setup.partitions().owns(partition, asset)));
            engine = builder.onDecision(decision -> setup.store().publishDecision(partition, streamSeq, decision)).build();
            takenSinceSnapshot = 0;
            snapshotAtMillis = 0;
            LOG.log(System.Logger.Level.INFO, "partition " + setup.partitions().name(partition) + " opened at offset "
                    + (engine.sourcePosition(source) + 1));
        }
        return engine;
    }

    private void publishSnapshot() {
        byte[] snapshot = engine.query(state -> PartitionSnapshot.encode(state.inputSeq(), StateCodec.encode(state)));
        setup.store().publishSnapshot(partition, snapshot);
        takenSinceSnapshot = 0;
        snapshotAtMillis = System.currentTimeMillis();
    }

    private void handOver() {
        if (engine != null) {
            if (takenSinceSnapshot > 0) {
                publishSnapshot();
            }
            engine.close();
            engine = null;
            LOG.log(System.Logger.Level.INFO, "partition " + setup.partitions().name(partition) + " handed over");
        }
    }
}
