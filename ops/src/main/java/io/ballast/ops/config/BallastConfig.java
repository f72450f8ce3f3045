package io.ballast.ops.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.ballast.connectors.chain.EvmSourceSettings;
import io.ballast.connectors.kafka.ActionMode;
import io.ballast.connectors.kafka.InputSettings;
import io.ballast.connectors.kafka.PartitionTopics;
import io.ballast.engine.codec.Suggestions;
import io.ballast.engine.model.Catalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The settings of a running Ballast, read from HOCON over {@code reference.conf} (which documents
 * every key and its default). Every problem is found at once and reported with its key, where it
 * was set and why it is refused, so a bad config stops the start rather than a later hour.
 */
public record BallastConfig(Config raw, Catalogue catalogue, Path dataDir, List<Path> rules, Duration rulesCheckInterval,
                            SortedMap<String, String> accounts, Http http, Actions actions, Simulation simulation,
                            List<ChainSource> chains, Kafka kafka, Cluster cluster) {

    /**
     * A real chain to follow (its facts in {@link #catalogue()}, with the config's overrides).
     *
     * @param source how its node is read: endpoints (only ever shown redacted: they may carry API keys),
     *               socket, polling and catch-up; every desk account is tracked on top when it starts
     * @param assets the assets whose balances and transfers are read on this chain; empty: every asset it has
     */
    public record ChainSource(String chain, EvmSourceSettings source, List<String> assets) {

        /** The catalogue as this chain's source reads it: only the followed assets' contracts on this chain. */
        public Catalogue followed(Catalogue catalogue) {
            if (assets.isEmpty()) {
                return catalogue;
            }
            return Catalogue.builder(catalogue).onlyAssets(chain, assets).build();
        }
    }

    /** The configured rule files that exist (a missing one means no rules from it, not an error). */
    public List<Path> existingRuleFiles() {
        return rules.stream().filter(Files::isRegularFile).toList();
    }

    /** Simulating (the embedded default) unless real chains are configured. */
    public boolean simulating() {
        return chains.isEmpty();
    }

    public record Http(String host, int port, String token, Duration dashboardInterval) {
    }

    public record Actions(ActionMode mode, boolean killSwitch) {
    }

    public record Simulation(long seed, List<String> chains, double speed, long startEpochSeconds) {
    }

    public record Kafka(String bootstrapServers, String alertsTopic, String actionsTopic, String proposalsTopic,
                        String inputsTopic, String deadLetterTopic, String consumerGroup) {
        public boolean enabled() {
            return !bootstrapServers.isBlank();
        }

        /** Where the inputs topic is read from, and where its refused messages go. */
        public InputSettings inputs() {
            InputSettings defaults = InputSettings.of(bootstrapServers, consumerGroup);
            return new InputSettings(bootstrapServers, inputsTopic, deadLetterTopic, consumerGroup, defaults.pollTimeout(),
                    defaults.retryBackoff(), defaults.consumerProperties());
        }
    }

    /**
     * This node's part in a cluster (when {@code enabled}).
     *
     * @param seedNodes nodes to join, {@code host:port}; empty: a cluster of this node alone
     */
    public record Cluster(boolean enabled, String host, int port, List<String> seedNodes, List<String> roles, int partitions,
                          String eventsTopic, String portfolioTopic, String snapshotsTopic, String ingestTopic, String group, long snapshotEvery,
                          Duration snapshotMaxAge, Duration downAfter) {

        public static final String INGEST = "ingest";
        public static final String RISK = "risk";

        public boolean ingests() {
            return roles.contains(INGEST);
        }

        public boolean risks() {
            return roles.contains(RISK);
        }

        /** The cluster's topics: these and the decisions' topics of {@code kafka}. */
        public PartitionTopics topics(Kafka kafka) {
            return new PartitionTopics(kafka.bootstrapServers(), eventsTopic, portfolioTopic, snapshotsTopic, ingestTopic, kafka.alertsTopic(),
                    kafka.proposalsTopic(), partitions);
        }
    }

    /** Keys below these take names of the user's choosing (accounts, chains), so they are not checked against the reference. */
    private static final List<String> OPEN_SECTIONS = List.of("ballast.accounts", "ballast.chains");

    /**
     * A config file over the defaults, resolved ({@code ${?ENV}} substitutions see the environment);
     * keys that are not in the reference are refused here, types and values by {@link #from}.
     */
    public static Config parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigProblem(List.of("no config file " + file));
        }
        List<String> problems = new ArrayList<>();
        try {
            Config user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            unknownKeys(user, problems);
            Config resolved = ConfigFactory.load(user);
            if (problems.isEmpty()) {
                return resolved;
            }
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        throw new ConfigProblem(problems);
    }

    private static void unknownKeys(Config user, List<String> problems) {
        Config reference = ConfigFactory.defaultReference();
        if (!user.hasPath("ballast")) {
            return;
        }
        List<String> known = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : reference.getConfig("ballast").entrySet()) {
            known.add("ballast." + entry.getKey());
        }
        for (Map.Entry<String, ConfigValue> entry : user.getConfig("ballast").entrySet()) {
            String key = "ballast." + entry.getKey();
            if (reference.hasPathOrNull(key) || OPEN_SECTIONS.stream().anyMatch(open -> key.startsWith(open + "."))) {
                continue;
            }
            String origin = entry.getValue().origin().description();
            problems.add(origin + ": " + key + ": unknown key" + Suggestions.nearest(key, known).map(s -> " (did you mean " + s + "?)").orElse(""));
        }
    }

    /** Reads and checks every key; all problems together. */
    public static BallastConfig from(Config config, Catalogue catalogue) {
        Reader read = new Reader(config);
        Path dataDir = Path.of(read.string("ballast.data-dir"));
        List<Path> rules = read.strings("ballast.rules").stream().map(Path::of).toList();
        Duration rulesCheck = read.positiveDuration("ballast.rules-check-interval");
        SortedMap<String, String> accounts = new TreeMap<>();
        read.section("ballast.accounts").forEach((address, label) -> accounts.put(address, String.valueOf(label)));
        int port = read.integer("ballast.http.port");
        if (port < 0 || port > 65_535) {
            read.refuse("ballast.http.port", "must be between 0 and 65535, got " + port);
        }
        Http http = new Http(read.string("ballast.http.host"), port, read.string("ballast.http.token"),
                read.positiveDuration("ballast.http.dashboard-interval"));
        ActionMode mode = read.actionMode("ballast.actions.mode");
        Actions actions = new Actions(mode, read.bool("ballast.actions.kill-switch"));
        List<String> simChains = read.strings("ballast.simulation.chains");
        simChains.stream().filter(chain -> catalogue.chain(chain).isEmpty())
                .forEach(chain -> read.refuse("ballast.simulation.chains", "unknown chain " + chain));
        if (simChains.size() < 2) {
            read.refuse("ballast.simulation.chains", "needs a hub and at least one other chain");
        }
        double speed = read.decimal("ballast.simulation.speed");
        if (!(speed > 0)) {
            read.refuse("ballast.simulation.speed", "must be above 0, got " + speed);
        }
        Simulation simulation = new Simulation(read.longValue("ballast.simulation.seed"), simChains, speed,
                read.longValue("ballast.simulation.start-epoch-seconds"));
        Kafka kafka = new Kafka(read.string("ballast.kafka.bootstrap-servers"), read.string("ballast.kafka.alerts-topic"),
                read.string("ballast.kafka.actions-topic"), read.string("ballast.kafka.proposals-topic"), read.string("ballast.kafka.inputs-topic"),
                read.string("ballast.kafka.dead-letter-topic"), read.string("ballast.kafka.consumer-group"));
        Catalogue.Builder effective = Catalogue.builder(catalogue);
        List<ChainSource> chains = ChainsSection.read(read, effective, catalogue);
        if (!chains.isEmpty() && accounts.isEmpty()) {
            read.refuse("ballast.chains", "following real chains needs the desk's accounts in ballast.accounts (address = label)");
        }
        Cluster cluster = cluster(read, kafka);
        read.done();
        return new BallastConfig(config, effective.build(), dataDir, rules, rulesCheck, accounts, http, actions, simulation, chains, kafka,
                cluster);
    }

    private static Cluster cluster(Reader read, Kafka kafka) {
        Cluster cluster = new Cluster(read.bool("ballast.cluster.enabled"), read.string("ballast.cluster.host"),
                read.integer("ballast.cluster.port"), read.strings("ballast.cluster.seed-nodes"), read.strings("ballast.cluster.roles"),
                read.integer("ballast.cluster.partitions"),
                read.string("ballast.cluster.events-topic"), read.string("ballast.cluster.portfolio-topic"),
                read.string("ballast.cluster.snapshots-topic"), read.string("ballast.cluster.ingest-topic"), read.string("ballast.cluster.group"),
                read.longValue("ballast.cluster.snapshot-every"), read.positiveDuration("ballast.cluster.snapshot-max-age"),
                read.positiveDuration("ballast.cluster.down-after"));
        if (cluster.port() < 0 || cluster.port() > 65_535) {
            read.refuse("ballast.cluster.port", "must be between 0 and 65535, got " + cluster.port());
        }
        if (cluster.partitions() < 1) {
            read.refuse("ballast.cluster.partitions", "must be at least 1, got " + cluster.partitions());
        }
        if (cluster.snapshotEvery() < 1) {
            read.refuse("ballast.cluster.snapshot-every", "must be at least 1, got " + cluster.snapshotEvery());
        }
        cluster.seedNodes().stream().filter(node -> !node.matches("[^:\\s]+:[0-9]{1,5}"))
                .forEach(node -> read.refuse("ballast.cluster.seed-nodes", "not host:port: " + node));
        if (cluster.roles().isEmpty() || !List.of(Cluster.INGEST, Cluster.RISK).containsAll(cluster.roles())) {
            read.refuse("ballast.cluster.roles", "one or both of ingest and risk, got " + cluster.roles());
        }
        if (cluster.enabled() && !kafka.enabled()) {
            read.refuse("ballast.cluster.enabled", "a cluster is fed through Kafka: set ballast.kafka.bootstrap-servers");
        }
        return cluster;
    }

    /** Typed reads that collect problems instead of stopping at the first. */
    static final class Reader {
        private final Config config;
        private final List<String> problems = new ArrayList<>();

        Reader(Config config) {
            this.config = config;
        }

        void refuse(String key, String reason) {
            String origin = config.hasPath(key) ? config.getValue(key).origin().description() + ": " : "";
            problems.add(origin + key + ": " + reason);
        }

        boolean has(String key) {
            return config.hasPath(key);
        }

        /** The value at {@code key} read by {@code reading}, or {@code fallback} where the key is absent. */
        <T> T orElse(String key, Function<String, T> reading, T fallback) {
            return has(key) ? reading.apply(key) : fallback;
        }

        void done() {
            if (!problems.isEmpty()) {
                throw new ConfigProblem(problems);
            }
        }

        private <T> T read(String key, T fallback, Function<String, T> getter) {
            try {
                return getter.apply(key);
            } catch (ConfigException e) {
                problems.add(e.getMessage());
                return fallback;
            }
        }

        String string(String key) {
            return read(key, "", config::getString);
        }

        List<String> strings(String key) {
            return read(key, List.of(), config::getStringList);
        }

        /** A string, or a list of them. */
        List<String> oneOrMore(String key) {
            return config.getValue(key).valueType() == ConfigValueType.LIST ? strings(key) : List.of(string(key));
        }

        int integer(String key) {
            return read(key, 0, config::getInt);
        }

        long longValue(String key) {
            return read(key, 0L, config::getLong);
        }

        double decimal(String key) {
            return read(key, 1.0, config::getDouble);
        }

        boolean bool(String key) {
            return read(key, false, config::getBoolean);
        }

        Duration duration(String key) {
            return read(key, Duration.ZERO, config::getDuration);
        }

        Duration positiveDuration(String key) {
            Duration value = read(key, Duration.ofSeconds(1), config::getDuration);
            if (value.isNegative() || value.isZero()) {
                refuse(key, "must be a positive duration, got " + value);
                return Duration.ofSeconds(1);
            }
            return value;
        }

        ActionMode actionMode(String key) {
            String value = string(key);
            for (ActionMode mode : ActionMode.values()) {
                if (mode.label().equals(value)) {
                    return mode;
                }
            }
            refuse(key, "must be monitor-only or publish, got '" + value + "'");
            return ActionMode.MONITOR_ONLY;
        }

        Map<String, Object> section(String key) {
            return read(key, Map.of(), k -> config.getObject(k).unwrapped());
        }
    }
}
