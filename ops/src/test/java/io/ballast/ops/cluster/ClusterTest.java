package io.ballast.ops.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.connectors.kafka.DecisionOutbox;
import io.ballast.connectors.kafka.KafkaBroker;
import io.ballast.connectors.kafka.KafkaPartitionStore;
import io.ballast.engine.Ballast;
import io.ballast.engine.ChildJvm;
import io.ballast.engine.FreePort;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.model.Catalogue;
import io.ballast.ops.Main;
import io.ballast.ops.sim.DeskSimulation;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.file.RuleFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Three Ballast nodes as separate JVMs on loopback with a real KRaft broker: a simulated desk's inputs
 * flow through the events topic; a node joins mid-run and one is killed outright mid-stream; the
 * decisions of the asset partitions and the portfolio, after dropping repeats by id, are exactly those
 * one engine decides — each at the same input, none missing, and no id
 * carrying two different decisions.
 */
class ClusterTest {

    private static final List<String> CHAINS = List.of("ethereum", "arbitrum", "optimism", "base");
    private static final Path RULES = Path.of("src/test/resources/cluster-rules.yaml").toAbsolutePath();
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final int PARTITIONS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Process> nodes = new ArrayList<>();
    private final KafkaBroker kafka = KafkaBroker.shared();
    private final String prefix = "cluster-" + System.nanoTime();
    private final Catalogue catalogue = Catalogue.defaults();
    private final int[] httpPorts = new int[3];
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopNodes() {
        nodes.forEach(Process::destroyForcibly);
    }

    @Test
    void partitionsMoveWithNodesAndDecideAsOneEngine() throws Exception {
        List<List<Event>> parts = desk(4, 1_200);
        TreeMap<Long, List<String>> expected = oneEngine(parts);
        Path[] configs = new Path[3];
        int seedPort = FreePort.any();
        for (int n = 0; n < 3; n++) {
            httpPorts[n] = FreePort.any();
            configs[n] = config(n, n == 0 ? seedPort : FreePort.any(), seedPort);
        }

        nodes.add(start(0, configs[0]));
        nodes.add(start(1, configs[1]));
        publish(configs[0], parts.get(0), "part-1");
        awaitDecisions(expected, lastSeq(parts, 0), "part 1 on two nodes");

        nodes.add(start(2, configs[2]));
        awaitCluster(0, 3, "the added node joins, partitions placed on all three");
        awaitCluster(2, 3, "the added node reads its partitions");
        publish(configs[0], parts.get(1), "part-2");
        awaitDecisions(expected, lastSeq(parts, 1), "part 2, a node added");

        publish(configs[0], parts.get(2), "part-3");
        nodes.get(1).destroyForcibly().waitFor(10, TimeUnit.SECONDS); // mid-stream: part 3 is being taken, part 4 comes after
        publish(configs[0], parts.get(3), "part-4");
        Map<Long, List<String>> decided = awaitDecisions(expected, lastSeq(parts, 3), "the last half, a node killed outright");
        assertEquals(expected, decided, "the cluster decides what one engine decides");
        awaitCluster(0, 2, "the killed node is downed and its partitions placed on the others");
        List<String> all = expected.values().stream().flatMap(List::stream).toList();
        for (String asset : DeskSimulation.ASSETS) {
            assertTrue(all.stream().anyMatch(d -> d.contains("\"asset\":\"" + asset + "\"")), "decisions of " + asset + ": " + all);
        }
        assertTrue(all.stream().anyMatch(d -> d.contains("\"type\":\"rebalance\"")), "orders too: " + all);
        assertTrue(all.stream().anyMatch(d -> d.contains("\"rule\":\"chain-stalled\"")), "the portfolio's decisions too: " + all);

        for (int n : new int[] {0, 2}) {
            nodes.get(n).destroy(); // SIGTERM: partitions handed over, the cluster left
            assertTrue(nodes.get(n).waitFor(60, TimeUnit.SECONDS), "node " + n + " stops\n" + logs());
            assertEquals(0, nodes.get(n).exitValue(), log(n));
        }
    }

    /** A simulated desk's inputs in {@code count} parts of {@code size}. */
    private List<List<Event>> desk(int count, int size) {
        DeskSimulation simulation = new DeskSimulation(catalogue, 7, CHAINS, 1_700_000_000L);
        List<List<Event>> parts = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            List<Event> part = new ArrayList<>();
            while (part.size() < size) {
                part.add(simulation.next().event());
            }
            parts.add(part);
        }
        return parts;
    }

    /** The stream seq of a part's last input: each part is published after the rule set. */
    private static long lastSeq(List<List<Event>> parts, int part) {
        long seq = 0;
        for (int p = 0; p <= part; p++) {
            seq += 1 + parts.get(p).size();
        }
        return seq;
    }

    /** What one engine decides over the stream as the cluster's log holds it. */
    private TreeMap<Long, List<String>> oneEngine(List<List<Event>> parts) {
        DecisionJson json = new DecisionJson(catalogue);
        TreeMap<Long, List<String>> decisions = new TreeMap<>();
        Ballast.Builder builder = Ballast.builder().dataDirectory(dir.resolve("one-engine")).snapshotEvery(0)
                .trackAccount(DeskSimulation.DESK, DeskSimulation.DESK_LABEL);
        RuleEngine.addTo(builder, catalogue);
        RulesVersionMarked rules = RuleFiles.read(List.of(RULES));
        try (Ballast engine = builder.build(); Ballast.Subscription unused = engine.subscribe(decision -> {
            decisions.computeIfAbsent(decision.journalSeq(), s -> new ArrayList<>()).add(normalized(json.write(decision), decision.journalSeq()));
        })) {
            for (List<Event> part : parts) {
                engine.submit(rules);
                part.forEach(engine::submit);
            }
        }
        decisions.values().forEach(list -> list.sort(null));
        return decisions;
    }

    /** A decision's JSON without its id (a function of its partition's inputs) and numbered by its input in the whole stream. */
    private static String normalized(String json, long streamSeq) {
        return json.replaceFirst("\"id\":\"[0-9a-f]+\"", "\"id\":\"\"").replaceFirst("\"journalSeq\":[0-9]+", "\"journalSeq\":" + streamSeq);
    }

    /**
     * Waits until the cluster's decisions of the inputs up to {@code seq} are the expected ones, and
     * returns all it has decided, repeats dropped by id; an id seen with two different decisions fails.
     */
    private Map<Long, List<String>> awaitDecisions(TreeMap<Long, List<String>> expected, long seq, String what) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (true) {
            TreeMap<Long, List<String>> decided = clusterDecisions();
            if (decided.headMap(seq, true).equals(expected.headMap(seq, true))) {
                return decided;
            }
            if (System.nanoTime() > deadline) {
                assertEquals(expected.headMap(seq, true), decided.headMap(seq, true), "timed out: " + what + "\n" + logs());
            }
            Thread.sleep(1_000);
        }
    }

    /**
     * Waits until {@code /api/cluster} of a node shows {@code members} members up, none unreachable,
     * every partition placed, on exactly those members, and the node reading what is placed on it,
     * nothing behind the end of its log; returns what it shows then.
     */
    private JsonNode awaitCluster(int node, int members, String what) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        JsonNode cluster = null;
        while (System.nanoTime() < deadline) {
            try {
                cluster = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts[node] + "/api/cluster")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                Set<String> up = new TreeSet<>();
                cluster.get("members").forEach(m -> up.add(m.get("address").asText() + " " + m.get("status").asText()));
                Set<String> placed = new TreeSet<>();
                Set<String> placedHere = new TreeSet<>();
                String self = cluster.get("self").asText();
                cluster.path("placement").fields().forEachRemaining(partition -> {
                    placed.add(partition.getValue().asText() + " up");
                    if (partition.getValue().asText().equals(self)) {
                        placedHere.add(partition.getKey());
                    }
                });
                Set<String> readHere = new TreeSet<>();
                cluster.get("partitionsHere").fieldNames().forEachRemaining(readHere::add);
                Set<String> caughtUp = new TreeSet<>();
                cluster.get("lag").fields().forEachRemaining(lag -> {
                    if (lag.getValue().asLong() == 0) {
                        caughtUp.add(lag.getKey());
                    }
                });
                if (up.size() == members && up.stream().allMatch(m -> m.endsWith(" up")) && cluster.get("unreachable").isEmpty()
                        && cluster.path("placement").size() == PARTITIONS + 1 && placed.equals(up) && !readHere.isEmpty() && readHere.equals(placedHere)
                        && caughtUp.equals(readHere)) {
                    return cluster;
                }
            } catch (IOException notYet) {
                // the node is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out: " + what + ": " + cluster + "\n" + logs());
    }

    private TreeMap<Long, List<String>> clusterDecisions() {
        Map<String, String> byId = new HashMap<>();
        TreeMap<Long, List<String>> decisions = new TreeMap<>();
        for (String topic : List.of(prefix + ".alerts", prefix + ".proposals")) {
            for (ConsumerRecord<String, String> record : kafka.consumeAll(topic, Duration.ofSeconds(30))) {
                String id = KafkaBroker.header(record, DecisionOutbox.ID_HEADER);
                long seq = Long.parseLong(KafkaBroker.header(record, KafkaPartitionStore.CAUSE_SEQ_HEADER));
                String decision = normalized(record.value(), seq);
                String before = byId.putIfAbsent(id, decision);
                if (before == null) {
                    decisions.computeIfAbsent(seq, s -> new ArrayList<>()).add(decision);
                } else {
                    assertEquals(before, decision, "one id, one decision: " + id);
                }
            }
        }
        decisions.values().forEach(list -> list.sort(null));
        return decisions;
    }

    /** The ingest: {@code ballast run --config F --events FILE} publishes the rule set and the file to the events topic. */
    private void publish(Path config, List<Event> events, String name) throws IOException {
        EventJson json = new EventJson(catalogue);
        Path file = dir.resolve(name + ".jsonl");
        Files.write(file, events.stream().map(json::write).toList());
        assertEquals(0, new CommandLine(new Main()).execute("run", "--config", config.toString(), "--events", file.toString()));
    }

    private Path config(int node, int port, int seedPort) throws IOException {
        Path config = dir.resolve("node-" + node + ".conf");
        Files.writeString(config, String.join("\n",
                "ballast {",
                "  data-dir = \"" + dir.resolve("node-" + node) + "\"",
                "  rules = [\"" + RULES + "\"]",
                "  accounts { \"" + DeskSimulation.DESK + "\" = " + DeskSimulation.DESK_LABEL + " }",
                "  kafka { bootstrap-servers = \"" + kafka.bootstrapServers() + "\", alerts-topic = " + prefix + ".alerts, proposals-topic = "
                        + prefix + ".proposals }",
                "  http { port = " + httpPorts[node] + " }",
                "  cluster { enabled = true, roles = [risk], port = " + port + ", seed-nodes = [\"127.0.0.1:" + seedPort + "\"], partitions = " + PARTITIONS + ",",
                "    events-topic = " + prefix + ".events, portfolio-topic = " + prefix + ".portfolio, snapshots-topic = " + prefix + ".snapshots, ingest-topic = " + prefix + ".ingest, group = " + prefix
                        + ", snapshot-every = 300, down-after = 3s }",
                "}"));
        return config;
    }

    private Process start(int node, Path config) throws IOException {
        return ChildJvm.startLogged(Main.class, dir.resolve("node-" + node + ".log"), "run", "--config", config.toString());
    }

    private String log(int node) throws IOException {
        Path log = dir.resolve("node-" + node + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int n = 0; n < nodes.size(); n++) {
            all.append("--- node ").append(n).append('\n').append(log(n));
        }
        return all.toString();
    }
}
