package io.ballast.loadtests;

import static io.ballast.loadtests.BenchmarkArgs.arg;
import static io.ballast.loadtests.BenchmarkArgs.rate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.connectors.kafka.EventsTopic;
import io.ballast.connectors.kafka.PartitionTopics;
import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.route.AssetPartitions;
import io.ballast.ops.Main;
import io.ballast.ops.cluster.ClusterNode;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.file.RuleFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * Ballast on 1, 2 and 3 nodes of one machine: separate JVMs on loopback ({@code ballast run} with a
 * cluster config, 1 GB heap each) and one in-process KRaft broker, all sharing its 2 cores. For each
 * size the nodes start and settle (every partition placed and read), the workload is published to the
 * events topic (a transaction every 10,000 events), and the clock stops when every asset partition has taken its partition of the log to
 * the end: throughput is events over that time, and its ratio to one node's in the same run is the
 * figure. Beside it, one engine in-process over the same events and rules (no Kafka, no JSON, no
 * copies of the chains' inputs per partition): what a node's hops cost.
 *
 * <p>The workload: four chains, four assets spread over three asset partitions (DAI; USDC and WETH;
 * USDT), 20 accounts, 56 rules. Blocks, finality, prices and bridges go to every partition, so a node
 * applies those once per partition it holds; holdings go to their asset's partition alone.
 * The final check: every partition took its log to the end offset, none lost.
 *
 * <p>Arguments: {@code --events=N} (default 200,000), {@code --out=DIR}.
 */
public final class ClusterBenchmark {

    private static final List<String> CHAINS = List.of("ethereum", "arbitrum", "optimism", "polygon");
    private static final List<String> ASSETS = List.of("USDC", "USDT", "DAI", "WETH");
    private static final int PARTITIONS = 3;
    private static final int MAX_NODES = 3;
    private static final int COMMIT_EVERY = 10_000;
    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(arg(args, "--events", "200000"));
        Path out = Path.of(arg(args, "--out", "load-tests/results"));
        Path scratch = Files.createTempDirectory("ballast-cluster-bench");
        Catalogue catalogue = Catalogue.defaults();
        Workload workload = Workload.standard(11).with(CHAINS, 20).withAssets(ASSETS);
        List<Event> events = workload.generate(count);
        Path rules = scratch.resolve("rules.yaml");
        Files.writeString(rules, ruleFile());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("events", events.size());
        results.put("partitions", PARTITIONS);
        results.put("rules", 56);
        results.put("oneEngineEventsPerSecond", oneEngine(scratch.resolve("one-engine"), catalogue, workload, rules, events));
        try (KafkaClusterTestKit broker = LocalBroker.start()) {
            double oneNode = 0;
            for (int nodes = 1; nodes <= MAX_NODES; nodes++) {
                Map<String, Object> run = new Run(broker.bootstrapServers(), scratch.resolve("nodes-" + nodes), nodes, catalogue, workload, rules)
                        .measure(events);
                double perSecond = ((Number) run.get("eventsPerSecond")).doubleValue();
                if (nodes == 1) {
                    oneNode = perSecond;
                }
                run.put("ratioToOneNode", Math.round(perSecond / oneNode * 100) / 100.0);
                results.put(nodes + "-nodes", run);
                System.out.printf("%d node(s): %,.0f events/s = %.2fx one node (%s)%n", nodes, perSecond, perSecond / oneNode, run.get("placement"));
            }
        }
        Report.write(out, "cluster", results);
        Scratch.delete(scratch);
    }

    /** The same events through one engine in this JVM, rules and all: the work a cluster shares out. */
    private static long oneEngine(Path data, Catalogue catalogue, Workload workload, Path rules, List<Event> events) throws IOException {
        Ballast.Builder builder = Ballast.builder().dataDirectory(data).settings(workload.settings()).snapshotEvery(0);
        RuleEngine.addTo(builder, catalogue);
        try (Ballast engine = builder.build()) {
            engine.submit(RuleFiles.read(List.of(rules)));
            long start = System.nanoTime();
            events.forEach(engine::submit);
            return rate(events.size(), System.nanoTime() - start);
        }
    }

    /** One cluster size: its own topics, nodes started, settled, fed and waited for. */
    private record Run(String bootstrap, Path dir, int nodes, Catalogue catalogue, Workload workload, Path rules) {

        Map<String, Object> measure(List<Event> events) throws Exception {
            Files.createDirectories(dir);
            PartitionTopics topics = new PartitionTopics(bootstrap, "bench" + nodes + ".events", "bench" + nodes + ".portfolio",
                    "bench" + nodes + ".snapshots", "bench" + nodes + ".ingest",
                    "bench" + nodes + ".alerts", "bench" + nodes + ".proposals", PARTITIONS);
            ClusterNode.ensureTopics(topics);
            int seedPort = freePort();
            int[] httpPorts = new int[nodes];
            List<Process> processes = new ArrayList<>();
            try {
                for (int n = 0; n < nodes; n++) {
                    httpPorts[n] = freePort();
                    processes.add(start(n, config(n, n == 0 ? seedPort : freePort(), seedPort, httpPorts[n], topics)));
                }
                JsonNode settled = awaitSettled(httpPorts, processes);
                long start = System.nanoTime();
                EventJson json = new EventJson(catalogue);
                try (EventsTopic log = new EventsTopic(topics, json)) {
                    log.publish(RuleFiles.read(List.of(rules)));
                    for (int i = 0; i < events.size(); i++) {
                        log.publish(events.get(i));
                        if ((i + 1) % COMMIT_EVERY == 0) {
                            log.flush(); // a live ingest commits as it goes: the nodes see each transaction as it commits
                        }
                    }
                    log.flush();
                }
                long published = System.nanoTime() - start;
                Map<String, Long> ends = endOffsets(topics);
                awaitTaken(httpPorts, ends);
                long elapsed = System.nanoTime() - start;
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("eventsPerSecond", rate(events.size(), elapsed));
                run.put("publishedPerSecond", rate(events.size(), published));
                run.put("recordsPerPartition", ends);
                run.put("placement", settled.get("placement").toString());
                return run;
            } finally {
                for (Process process : processes) {
                    process.destroy();
                }
                for (Process process : processes) {
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
            }
        }

        private Path config(int node, int port, int seedPort, int httpPort, PartitionTopics topics) throws IOException {
            Path config = dir.resolve("node-" + node + ".conf");
            StringBuilder accounts = new StringBuilder();
            workload.accountNames().forEach(account -> accounts.append('"').append(account).append("\" = desk, "));
            Files.writeString(config, String.join("\n",
                    "ballast {",
                    "  data-dir = \"" + dir.resolve("node-" + node) + "\"",
                    "  accounts { " + accounts + "}",
                    "  http.port = " + httpPort,
                    "  kafka { bootstrap-servers = \"" + bootstrap + "\", alerts-topic = " + topics.alertsTopic() + ", proposals-topic = "
                            + topics.proposalsTopic() + " }",
                    "  cluster { enabled = true, roles = [risk], port = " + port + ", seed-nodes = [\"127.0.0.1:" + seedPort + "\"], partitions = " + PARTITIONS
                            + ", events-topic = " + topics.eventsTopic() + ", portfolio-topic = " + topics.portfolioTopic() + ", snapshots-topic = " + topics.snapshotsTopic()
                            + ", ingest-topic = " + topics.ingestTopic() + ", group = "
                            + topics.eventsTopic() + ".group }",
                    "}"));
            return config;
        }

        private Process start(int node, Path config) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx1g");
            if (Boolean.getBoolean("bench.profile")) { // where a node's time goes: a flight recording in the temporary directory
                command.add("-XX:StartFlightRecording=settings=profile,filename="
                        + Path.of(System.getProperty("java.io.tmpdir"), "ballast-" + nodes + "-nodes-" + node + ".jfr"));
            }
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-Dchronicle")).toList());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", config.toString()));
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("node-" + node + ".log").toFile()).start();
        }

        /** Until node 0 sees every node up and every partition placed, and each node reads what is placed on it. */
        private JsonNode awaitSettled(int[] httpPorts, List<Process> processes) throws Exception {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < deadline) {
                for (Process process : processes) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("a node stopped; see " + dir);
                    }
                }
                JsonNode first = cluster(httpPorts[0]);
                if (first != null && first.get("members").size() == nodes && first.path("placement").size() == PARTITIONS + 1) {
                    int reading = 0;
                    for (int port : httpPorts) {
                        JsonNode node = cluster(port);
                        reading += node == null ? 0 : node.get("partitionsHere").size();
                    }
                    if (reading == PARTITIONS + 1) {
                        return first;
                    }
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException(nodes + " node(s) did not settle in " + SETTLE.toMinutes() + " min; see " + dir);
        }

        /** Until every partition's next offset, on whichever node reads it, is its end offset: nothing left, nothing lost. */
        private void awaitTaken(int[] httpPorts, Map<String, Long> ends) throws Exception {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < deadline) {
                Map<String, Long> next = new TreeMap<>();
                for (int port : httpPorts) {
                    JsonNode node = cluster(port);
                    if (node != null) {
                        node.get("partitionsHere").fields().forEachRemaining(e -> next.put(e.getKey(), e.getValue().asLong()));
                    }
                }
                if (next.equals(ends)) {
                    return;
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("the partitions did not take the log to its end in " + SETTLE.toMinutes() + " min; see " + dir);
        }

        /** The end offset of each partition's log, by the partition's name. */
        private Map<String, Long> endOffsets(PartitionTopics topics) throws Exception {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topics.eventsTopic(), p), OffsetSpec.latest());
            }
            latest.put(new TopicPartition(topics.portfolioTopic(), 0), OffsetSpec.latest());
            AssetPartitions partitions = new AssetPartitions(PARTITIONS);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Map<String, Long> ends = new TreeMap<>();
                for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : admin.listOffsets(latest).all().get().entrySet()) {
                    boolean portfolio = end.getKey().topic().equals(topics.portfolioTopic());
                    ends.put(partitions.name(portfolio ? partitions.portfolio() : end.getKey().partition()), end.getValue().offset());
                }
                return ends;
            }
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A node's {@code /api/cluster}, or null while it does not answer. */
    private static JsonNode cluster(int port) throws InterruptedException {
        try {
            return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cluster")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException notYet) {
            return null;
        }
    }

    /** 56 rules: per asset, four on each chain and two over all chains. */
    static String ruleFile() {
        StringBuilder yaml = new StringBuilder("rules:\n");
        int id = 0;
        for (String asset : ASSETS) {
            for (String chain : CHAINS) {
                for (String when : List.of("balance < 1000", "share > 0.6", "pending < -100000")) {
                    yaml.append(rule(id++, "{ asset: " + asset + ", chain: " + chain + " }", when));
                }
            }
            yaml.append(rule(id++, "{ asset: " + asset + " }", "price_age_seconds > 300"));
            yaml.append(rule(id++, "{ asset: " + asset + " }", "overdue_transfers > 0"));
        }
        return yaml.toString();
    }

    private static String rule(int id, String scope, String when) {
        return "  - { id: r" + id + ", scope: " + scope + ", when: \"" + when + "\", severity: warning }\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
