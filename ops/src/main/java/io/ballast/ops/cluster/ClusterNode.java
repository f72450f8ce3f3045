package io.ballast.ops.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.actors.ActorSettings;
import io.ballast.actors.InputLog;
import io.ballast.actors.cluster.PartitionEntity;
import io.ballast.actors.cluster.PartitionSharding;
import io.ballast.connectors.chain.EvmChainSource;
import io.ballast.connectors.kafka.KafkaPartitionStore;
import io.ballast.connectors.kafka.PartitionTopics;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.route.AssetPartitions;
import io.ballast.ops.config.BallastConfig;
import io.ballast.ops.live.DecisionLog;
import io.ballast.ops.run.ChainFollowing;
import io.ballast.ops.sim.DeskSimulation;
import io.ballast.risk.file.RuleFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * One node of a Ballast cluster: joins the Pekko cluster (Artery over TCP, the split-brain resolver
 * keeping the majority), shards the asset partitions and the portfolio over its members, and reads the events and portfolio topics as
 * a member of the cluster's Kafka group, whose assignment places the partitions. A cluster of one is
 * a node with no seeds. Closing leaves gracefully: the partitions here are handed over (snapshots
 * published) before the node leaves the group and the cluster.
 */
public final class ClusterNode implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());
    /** The cluster singleton that ingests: plays the simulation, or sequences the live chains. */
    private static final String INGEST = "ballast-ingest";
    /** A rule set published is answered once committed (every 50 ms), or once the sequencer has moved. */
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(30);

    private final BallastConfig.Cluster settings;
    private final ActorSystem<Void> system;
    private final KafkaPartitionStore store;
    private final PartitionSharding sharding;
    private final AssetPartitions partitions;
    private final PartitionLogReader reader;
    private final Thread readerThread;
    private final ServerBinding http;
    /** The live chains this node follows now (each has one owner in the cluster), by name. */
    private final Map<String, EvmChainSource> chainsHere = new ConcurrentSkipListMap<>();
    private final List<Path> ruleFiles;
    private final Catalogue catalogue;
    /** The live chains' sequencer, where this node runs it when it is the oldest ingest node; null without live chains or the role. */
    private final ActorRef<InputLog.Command> sequencer;
    /** Set by {@link #close}: the node was asked to stop, so its actor system's end is no surprise. */
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private ClusterNode(BallastConfig config, PrintStream console) {
        this.settings = config.cluster();
        this.ruleFiles = config.existingRuleFiles();
        this.catalogue = config.catalogue();
        PartitionTopics topics = settings.topics(config.kafka());
        ensureTopics(topics);
        this.system = ActorSystem.create(Behaviors.empty(), "ballast", pekkoConfig(settings).withFallback(config.raw()));
        this.store = new KafkaPartitionStore(topics, new DecisionJson(config.catalogue()));
        this.partitions = new AssetPartitions(settings.partitions());
        this.sharding = new PartitionSharding(system, BallastConfig.Cluster.RISK, new PartitionEntity.Setup(config.dataDir(), config.catalogue(),
                config.accounts(), partitions, settings.snapshotEvery(), settings.snapshotMaxAge(),
                new ConsoleDecisions(store, partitions, new DecisionLog(config.catalogue()), console)));
        this.reader = settings.risks() ? new PartitionLogReader(topics, settings.group(), sharding, new EventJson(config.catalogue()),
                () -> system.getWhenTerminated().toCompletableFuture().isDone()) : null;
        this.readerThread = new Thread(this::read, "ballast-partition-reader");
        this.sequencer = settings.ingests() ? startIngest(config, topics) : null;
        this.http = Http.get(system).newServerAt(config.http().host(), config.http().port())
                .bind(new ClusterHttp(this, config.http().token()).route())
                .toCompletableFuture().join();
    }

    /**
     * The ingest's part on this node: the simulated desk played by one singleton; or, for live chains, the
     * sequencer singleton and a daemon process instance per chain, spread over the ingest nodes.
     *
     * @return the sequencer (a proxy of the singleton), or null for the simulation
     */
    private ActorRef<InputLog.Command> startIngest(BallastConfig config, PartitionTopics topics) {
        ClusterSingletonSettings onIngestNodes = ClusterSingletonSettings.create(system).withRole(BallastConfig.Cluster.INGEST);
        EventJson json = new EventJson(config.catalogue());
        if (config.simulating()) {
            BallastConfig.Simulation simulation = config.simulation();
            ClusterSingleton.get(system).init(SingletonActor.of(IngestSingleton.create(() -> new SimulationIngest(topics, json,
                            () -> new DeskSimulation(config.catalogue(), simulation.seed(), simulation.chains(), simulation.startEpochSeconds()),
                            simulation.seed(), simulation.speed(), config.existingRuleFiles(), config.rulesCheckInterval())), INGEST)
                    .withStopMessage(new IngestSingleton.Stop())
                    .withSettings(onIngestNodes));
            return null;
        }
        ActorRef<InputLog.Command> sequencer = ClusterSingleton.get(system).init(SingletonActor.of(IngestSequencer.create(topics,
                        config.kafka().inputs(), json, config.existingRuleFiles(), config.rulesCheckInterval()), INGEST)
                .withProps(DispatcherSelector.blocking()) // it waits on Kafka's commits
                .withSettings(onIngestNodes));
        List<BallastConfig.ChainSource> chains = config.chains();
        ActorSettings actorSettings = ActorSettings.from(system.settings().config());
        ShardedDaemonProcess.get(system).init(ChainOwner.Command.class, "ballast-chains", chains.size(),
                chain -> ChainOwner.create(chains.get(chain), config.accounts().keySet(), config.catalogue(), sequencer, actorSettings,
                        chainsHere),
                ShardedDaemonProcessSettings.create(system).withRole(BallastConfig.Cluster.INGEST).withKeepAliveInterval(Duration.ofSeconds(1)),
                Optional.of(new ChainOwner.Stop()));
        return sequencer;
    }

    /** Reads until stopped; a reader that fails takes the node down with it, so that Kafka gives its partitions to the others. */
    private void read() {
        try {
            reader.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "reading the events topic failed; this node stops: " + e.getMessage(), e);
            system.terminate();
        }
    }

    /** Joins the cluster and starts reading once this node is a member ({@code Up}); its partitions' decisions go to {@code console} too. */
    public static ClusterNode start(BallastConfig config, PrintStream console) {
        ClusterNode node = new ClusterNode(config, console);
        node.awaitUp();
        if (node.reader != null) {
            node.readerThread.start();
        }
        return node;
    }

    private void awaitUp() {
        Cluster cluster = Cluster.get(system);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("not a member of the cluster after 60 s; seed nodes " + settings.seedNodes());
            }
            sleep(100);
        }
    }

    /** What the console says at start: this node, the members, where the HTTP API is. */
    public String describe() {
        String members = members().stream().map(member -> member.address().hostPort() + " " + member.status()).sorted()
                .collect(Collectors.joining(", "));
        return "cluster node " + self().address().hostPort() + "; members: " + members + "; API on http://" + http.localAddress().getHostString()
                + ":" + http.localAddress().getPort();
    }

    public Member self() {
        return Cluster.get(system).selfMember();
    }

    /** The cluster's members as this node sees them. */
    public List<Member> members() {
        List<Member> members = new ArrayList<>();
        Cluster.get(system).state().getMembers().forEach(members::add);
        return members;
    }

    /** The members this node cannot reach now. */
    public Set<Member> unreachable() {
        return Cluster.get(system).state().getUnreachable();
    }

    /** The partitions this node reads (by {@link AssetPartitions#name}), each with the next offset it will take. */
    public Map<String, Long> partitionsHere() {
        return reader == null ? Map.of() : named(reader.owned());
    }

    /** How many records each partition here is behind the end of its log (by {@link AssetPartitions#name}), as of the last poll. */
    public Map<String, Long> lagHere() {
        return reader == null ? Map.of() : named(reader.lag());
    }

    /** Where each partition is placed (by {@link AssetPartitions#name}), by the cluster's replicated placement. */
    public CompletionStage<Map<String, String>> placement() {
        return sharding.placement().thenApply(this::named);
    }

    /** The same figures keyed by partition name, in partition order (the portfolio last). */
    private <T> Map<String, T> named(Map<Integer, T> byNumber) {
        Map<String, T> named = new LinkedHashMap<>();
        new TreeMap<>(byNumber).forEach((partition, value) -> named.put(partitions.name(partition), value));
        return named;
    }

    /** The live chains this node follows now, with their sources' figures, by name. */
    public List<Map<String, Object>> chainsHere() {
        return chainsHere.values().stream().map(source -> ChainFollowing.figures(source.stats())).toList();
    }

    int chainsFollowedHere() {
        return chainsHere.size();
    }

    /** How many of the live chains followed here cannot read their node now. */
    long chainsFailingHere() {
        return chainsHere.values().stream().filter(source -> source.stats().failing()).count();
    }

    /**
     * Publishes the rule files as they are now, if they validate (else their errors, and the rules in
     * force stay): {@code POST /api/rules/reload}. Only the live chains' ingest publishes rule sets; a
     * simulated cluster's watches its files.
     *
     * @throws IllegalStateException when this node cannot: it has no ingest role, the cluster plays the simulation, or no rule files are configured
     */
    public CompletionStage<List<String>> reloadRules() {
        if (sequencer == null) {
            throw new IllegalStateException(!settings.ingests() ? "this node has no ingest role: ask one that has"
                    : "this cluster plays the simulation: its ingest publishes the rule files whenever they change");
        }
        if (ruleFiles.isEmpty()) {
            throw new IllegalStateException("no rule files to reload (ballast.rules)");
        }
        RuleFiles.Checked checked = RuleFiles.readChecked(ruleFiles, catalogue);
        if (!checked.ok()) {
            return CompletableFuture.completedFuture(checked.errors());
        }
        return AskPattern.<InputLog.Command, InputLog.Submitted>ask(sequencer,
                        replyTo -> new InputLog.Submit("", Event.NONE, checked.rules(), replyTo), RELOAD_TIMEOUT, system.scheduler())
                .thenApply(InputLog.Submitted::rejections);
    }

    /** How long ago each partition here last published its snapshot, in seconds (-1: not since it came here), by name. */
    public Map<String, Long> snapshotAgesHere() {
        if (reader == null) {
            return Map.of();
        }
        long now = System.currentTimeMillis();
        Map<Integer, Long> ages = new TreeMap<>();
        reader.snapshotAt().forEach((partition, at) -> ages.put(partition, at == 0 ? -1 : (now - at) / 1000));
        return named(ages);
    }

    /** Inputs taken here since start, and records of the log that were not events. */
    public long inputsTaken() {
        return reader == null ? 0 : reader.taken();
    }

    public long recordsMalformed() {
        return reader == null ? 0 : reader.malformed();
    }

    /**
     * Waits until the node has stopped: asked to ({@link #close}; false), or removed from the cluster
     * without being asked — downed by the majority's split-brain resolver, or its reader failed (true).
     */
    public boolean awaitStop() throws InterruptedException {
        try {
            system.getWhenTerminated().toCompletableFuture().get();
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "the actor system stopped with " + e.getCause());
        }
        if (closing.get()) {
            closed.await();
            return false;
        }
        stopReading();
        store.close();
        return true;
    }

    /** Leaves gracefully: the partitions here are closed and snapshotted as the group is left, then the cluster is left. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        stopReading();
        http.unbind();
        system.terminate(); // coordinated shutdown: sharding hands off, the node leaves the cluster and waits to be removed
        try {
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "the actor system did not stop in 60 s: " + e);
        }
        store.close();
        closed.countDown();
    }

    /** Whether this node reads partitions (has the {@code risk} role). */
    public boolean reads() {
        return reader != null;
    }

    private void stopReading() {
        if (reader == null) {
            return;
        }
        reader.stop();
        try {
            readerThread.join(Duration.ofSeconds(120).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Pekko's cluster settings from Ballast's: this node's address, its seeds, downing by the majority,
     * placement that follows Kafka soon (over the rest of the node's config: its {@code pekko} and
     * {@code ballast.actors} settings apply as on one node).
     */
    static Config pekkoConfig(BallastConfig.Cluster settings) {
        Map<String, Object> keys = new HashMap<>();
        keys.put("pekko.actor.provider", "cluster");
        keys.put("pekko.remote.artery.transport", "tcp");
        keys.put("pekko.remote.artery.canonical.hostname", settings.host());
        keys.put("pekko.remote.artery.canonical.port", settings.port());
        keys.put("pekko.cluster.roles", settings.roles());
        List<String> seeds = settings.seedNodes().isEmpty() ? List.of(settings.host() + ":" + settings.port()) : settings.seedNodes();
        keys.put("pekko.cluster.seed-nodes", seeds.stream().map(seed -> "pekko://ballast@" + seed).toList());
        keys.put("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
        keys.put("pekko.cluster.split-brain-resolver.active-strategy", "keep-majority");
        keys.put("pekko.cluster.split-brain-resolver.stable-after", settings.downAfter().toMillis() + "ms");
        keys.put("pekko.cluster.sharding.rebalance-interval", "2s");
        // A partition hands over in well under a second (a snapshot published); a node lost outright never does, so give up on it soon.
        keys.put("pekko.cluster.sharding.handoff-timeout", "10s");
        keys.put("pekko.coordinated-shutdown.exit-jvm", "off");
        keys.put("pekko.loglevel", "WARNING");
        return ConfigFactory.parseMap(keys, "ballast.cluster");
    }

    /**
     * Creates the events topic (a partition per asset partition), the portfolio topic (one partition)
     * and the compacted snapshots and ingest topics where they are missing.
     */
    public static void ensureTopics(PartitionTopics topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(topics.eventsTopic())) {
                missing.add(new NewTopic(topics.eventsTopic(), topics.partitions(), (short) 1));
            }
            if (!existing.contains(topics.portfolioTopic())) {
                missing.add(new NewTopic(topics.portfolioTopic(), 1, (short) 1));
            }
            for (String compacted : List.of(topics.snapshotsTopic(), topics.ingestTopic())) {
                if (!existing.contains(compacted)) {
                    missing.add(new NewTopic(compacted, 1, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            int partitions = admin.describeTopics(List.of(topics.eventsTopic())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topics.eventsTopic()).partitions().size();
            if (partitions != topics.partitions()) {
                throw new IllegalStateException(topics.eventsTopic() + " has " + partitions + " partitions, the config says "
                        + topics.partitions() + " (ballast.cluster.partitions): the routing of inputs depends on it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the cluster's topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check the cluster's topics on " + topics.bootstrapServers() + ": " + e, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
