package io.ballast.ops.run;

import io.ballast.actors.ActorBallast;
import io.ballast.actors.InputLog;
import io.ballast.connectors.chain.EvmChainSource;
import io.ballast.connectors.kafka.ActionMode;
import io.ballast.connectors.kafka.DecisionOutbox;
import io.ballast.connectors.kafka.InputSink;
import io.ballast.connectors.kafka.KafkaInputs;
import io.ballast.connectors.kafka.OutboxSettings;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.ops.config.BallastConfig;
import io.ballast.ops.live.ActionControl;
import io.ballast.ops.metrics.OpsMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ballast's connections to the world, as configured: a source per real chain feeding that chain's
 * actor (resuming from the blocks already journalled), and Kafka: the outbox that publishes the
 * journal's decisions (orders routed by the live action mode and kill switch) and the inputs topic,
 * journalled with each message's partition and offset. Their figures go to the metrics and to
 * {@code /health}.
 */
final class Connections implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Connections.class.getName());

    /** The source of each followed chain, by name. */
    private final Map<String, EvmChainSource> chains = new LinkedHashMap<>();
    private DecisionOutbox outbox;
    private KafkaInputs inputs;
    private boolean sourcesStopped;

    private Connections() {
    }

    static Connections start(BallastConfig config, ActorBallast ballast, OpsMetrics metrics, ActionControl actions) {
        Connections connections = new Connections();
        try {
            connections.startChains(config, ballast, metrics);
            if (config.kafka().enabled()) {
                connections.startKafka(config, ballast, metrics, actions);
            }
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        return connections;
    }

    private void startChains(BallastConfig config, ActorBallast ballast, OpsMetrics metrics) {
        for (BallastConfig.ChainSource configured : config.chains()) {
            String name = configured.chain();
            EvmChainSource source = ChainFollowing.source(configured, config.accounts().keySet(), config.catalogue(), ballast.feed(name),
                    metrics::endToEnd, ballast.knownBlocks(name).toCompletableFuture().join());
            chains.put(name, source);
            metrics.gauge("ballast.chain.node.head", "the head block the chain's node reports", source, s -> s.stats().nodeHead(), "chain", name);
            metrics.counter("ballast.chain.source.polls.failed", "polls of the chain's node that failed", source, s -> s.stats().failedPolls(),
                    "chain", name);
            metrics.counter("ballast.chain.source.failovers", "times the chain's source moved to another endpoint", source,
                    s -> s.stats().failovers(), "chain", name);
            metrics.gauge("ballast.chain.source.failing", "1 while the chain's node cannot be read", source, s -> s.stats().failing() ? 1 : 0,
                    "chain", name);
            metrics.counter("ballast.chain.source.socket.stalls", "times the chain's WebSocket went silent while the chain moved, and was reopened",
                    source, s -> s.stats().socketStalls(), "chain", name);
            metrics.counter("ballast.chain.source.pending.dropped", "pending transaction hashes let go because more came between two polls "
                    + "than are kept (their blocks still count them)", source, s -> s.stats().pendingHashesDropped(), "chain", name);
            metrics.gauge("ballast.chain.source.unusable.tokens", "catalogue tokens on the chain whose balances the node cannot read "
                    + "(no contract at the address, or one that reverts), left out", source, s -> s.stats().unusableTokens().size(), "chain", name);
            source.start();
        }
    }

    private void startKafka(BallastConfig config, ActorBallast ballast, OpsMetrics metrics, ActionControl actions) {
        BallastConfig.Kafka kafka = config.kafka();
        OutboxSettings defaults = OutboxSettings.of(kafka.bootstrapServers(), config.dataDir().resolve("outbox.cursor"));
        OutboxSettings publishing = new OutboxSettings(kafka.bootstrapServers(), kafka.alertsTopic(), kafka.actionsTopic(),
                kafka.proposalsTopic(), ActionMode.MONITOR_ONLY, defaults.cursorFile(), defaults.maxUnacknowledged(),
                defaults.deliveryTimeout(), defaults.retryBackoff(), defaults.producerProperties());
        outbox = DecisionOutbox.start(ballast, new DecisionJson(config.catalogue()), publishing);
        actions.listen(setting -> outbox.actionMode(setting.ordersAct() ? ActionMode.PUBLISH : ActionMode.MONITOR_ONLY));
        metrics.gauge("ballast.outbox.lag", "decisions journalled and not yet acknowledged by Kafka", outbox, o -> o.stats().lag());
        metrics.counter("ballast.outbox.sent", "decisions sent to Kafka", outbox, o -> o.stats().sent());
        metrics.counter("ballast.outbox.restarts", "times the outbox started over from its cursor", outbox, o -> o.stats().restarts());

        inputs = KafkaInputs.start(journalledBy(ballast, metrics), new EventJson(config.catalogue()), kafka.inputs());
        metrics.counter("ballast.kafka.inputs.journalled", "input messages journalled", inputs, i -> i.stats().journalled());
        metrics.counter("ballast.kafka.inputs.dead.lettered", "input messages refused to the dead-letter topic", inputs,
                i -> i.stats().deadLettered());
        LOG.log(System.Logger.Level.INFO, "kafka: decisions to " + kafka.alertsTopic() + " / " + kafka.actionsTopic() + " / "
                + kafka.proposalsTopic() + ", inputs from " + kafka.inputsTopic());
    }

    /** An input message journalled through the engine actor; one it refuses is a dead letter (IllegalArgumentException). */
    private static InputSink journalledBy(ActorBallast ballast, OpsMetrics metrics) {
        return (source, position, event) -> {
            long offered = System.nanoTime();
            InputLog.Submitted submitted = ballast.submit(source, position, event).toCompletableFuture().join();
            metrics.endToEnd(System.nanoTime() - offered);
            if (!submitted.accepted()) {
                throw new IllegalArgumentException(String.join("; ", submitted.rejections()));
            }
            return submitted.applied() > 0;
        };
    }

    /** A chain actor lost blocks {@code fromBlock}..{@code toBlock}: its source hands them over again. */
    void backfill(String chain, long fromBlock, long toBlock) {
        EvmChainSource source = chains.get(chain);
        if (source != null) {
            source.backfill(fromBlock, toBlock);
        }
    }

    /** Why the connections keep Ballast from being ready: a chain whose node cannot be read. */
    List<String> notReady() {
        List<String> reasons = new ArrayList<>();
        for (EvmChainSource source : chains.values()) {
            EvmChainSource.Stats stats = source.stats();
            if (stats.failing()) {
                reasons.add(stats.chain() + ": node not answering (" + stats.lastError() + ")");
            }
        }
        return reasons;
    }

    /** The figures of each connection, for {@code /health}. */
    Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        List<Map<String, Object>> sources = new ArrayList<>();
        for (EvmChainSource source : chains.values()) {
            sources.add(ChainFollowing.figures(source.stats()));
        }
        health.put("chains", sources);
        if (outbox != null) {
            DecisionOutbox.Stats stats = outbox.stats();
            health.put("outbox", Map.of("lag", stats.lag(), "sent", stats.sent(), "acknowledgedSeq", stats.acknowledgedSeq(),
                    "restarts", stats.restarts(), "lastError", stats.lastError()));
        }
        if (inputs != null) {
            KafkaInputs.Stats stats = inputs.stats();
            health.put("inputs", Map.of("journalled", stats.journalled(), "repeats", stats.repeats(), "deadLettered", stats.deadLettered(),
                    "restarts", stats.restarts(), "lastError", stats.lastError()));
        }
        return health;
    }

    /** Stops what brings events in: the chain sources and the inputs consumer (once). */
    synchronized void stopSources() {
        if (sourcesStopped) {
            return;
        }
        sourcesStopped = true;
        chains.values().forEach(EvmChainSource::close);
        if (inputs != null) {
            inputs.close();
        }
    }

    /**
     * Stops everything; the outbox last, after giving Kafka time to acknowledge what it sent (decisions
     * not yet sent wait in the journal for the next start).
     */
    @Override
    public void close() {
        stopSources();
        if (outbox != null) {
            outbox.close();
        }
    }
}
