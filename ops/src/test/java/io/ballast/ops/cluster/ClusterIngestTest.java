package io.ballast.ops.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ballast.connectors.kafka.EventsTopic;
import io.ballast.connectors.kafka.KafkaBroker;
import io.ballast.engine.FreePort;
import io.ballast.engine.model.Catalogue;
import io.ballast.ops.config.BallastConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of one with both roles, no event file: its ingest plays the simulated desk into the
 * events topic and its partitions decide on it; a rule file changed meanwhile goes into the stream.
 * Stopped and started again, the ingest resumes after the last step committed: the stream holds every
 * step once, in order, numbered without a gap.
 */
class ClusterIngestTest {

    private final KafkaBroker kafka = KafkaBroker.shared();
    private final String prefix = "ingest-" + System.nanoTime();

    @TempDir
    Path dir;

    private final int httpPort = FreePort.any();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theIngestPlaysTheDeskOnceAcrossARestartAndPublishesAChangedRuleFile() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.copy(Path.of("../examples/rules.yaml"), rules);
        BallastConfig config = BallastConfig.from(config(rules), Catalogue.defaults());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (ClusterNode node = ClusterNode.start(config, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            awaitSteps(200, "the first run plays the desk");
            Files.writeString(rules, Files.readString(rules).replace("when: share > 0.40", "when: share > 0.45"));
            KafkaBroker.await(() -> ruleSets().size() == 2 && ruleSets().get(1).contains("share > 0.45"), "the changed rule file, published",
                    Duration.ofSeconds(30));
        }
        int afterFirst = steps().size();
        try (ClusterNode node = ClusterNode.start(config, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            awaitSteps(afterFirst + 200, "the second run plays on");
            KafkaBroker.await(() -> node.inputsTaken() > 0, "the partitions take what the ingest plays", Duration.ofSeconds(60));
            KafkaBroker.await(() -> get("/ready").statusCode() == 200, "ready: up and reading", Duration.ofSeconds(30));
            String metrics = get("/metrics").body();
            assertTrue(metrics.contains("ballast_cluster_members{status=\"up\"} 1.0") && metrics.contains("ballast_cluster_partitions_here 4.0")
                    && metrics.contains("ballast_cluster_unreachable 0.0") && metrics.contains("ballast_cluster_inputs_taken_total"),
                    "membership and placement in the metrics:\n" + metrics);
            assertTrue(get("/health").body().contains("\"member\":\"up\""), "health");
            KafkaBroker.await(() -> snapshotAges().size() == 4 && snapshotAges().stream().allMatch(age -> age >= 0 && age <= 5),
                    "each partition snapshots at least every snapshot-max-age (1 s) while it takes inputs",
                    Duration.ofSeconds(30));
            assertTrue(get("/metrics").body().contains("ballast_cluster_snapshot_age_max_seconds"), "the oldest snapshot in the metrics");
        }
        List<long[]> stream = stream();
        for (int i = 0; i < stream.size(); i++) {
            assertEquals(i + 1, stream.get(i)[0], "numbered without a gap");
        }
        List<Long> steps = steps();
        for (int i = 1; i < steps.size(); i++) {
            assertEquals(steps.get(i - 1) + 1, steps.get(i), "each step once, in order, across the restart");
        }
        assertFalse(kafka.consumeAll(prefix + ".alerts", Duration.ofSeconds(30)).isEmpty(), "and decisions come of it");
        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*\\[partition [0-2]\\] alert firing .*") && printed.contains("[proposal]"),
                "each on the console with the partition that made it:\n" + printed);
    }

    private Config config(Path rules) throws IOException {
        return ConfigFactory.parseString(String.join("\n",
                        "ballast {",
                        "  data-dir = \"" + dir.resolve("node") + "\"",
                        "  rules = [\"" + rules + "\"]",
                        "  rules-check-interval = 100ms",
                        "  http.port = " + httpPort,
                        "  simulation.speed = 120",
                        "  kafka { bootstrap-servers = \"" + kafka.bootstrapServers() + "\", alerts-topic = " + prefix + ".alerts, proposals-topic = "
                                + prefix + ".proposals }",
                        "  cluster { enabled = true, port = " + FreePort.any() + ", partitions = 3, events-topic = " + prefix + ".events,",
                        "    portfolio-topic = " + prefix + ".portfolio, snapshots-topic = " + prefix + ".snapshots, ingest-topic = " + prefix + ".ingest, group = " + prefix + ",",
                        "    snapshot-max-age = 1s }",
                        "}"))
                .withFallback(ConfigFactory.load()).resolve();
    }

    private void awaitSteps(int count, String what) throws InterruptedException {
        KafkaBroker.await(() -> steps().size() >= count, what, Duration.ofSeconds(60));
    }

    /** The rule sets in the committed stream, as their lines. */
    private List<String> ruleSets() {
        return kafka.consumeCommitted(prefix + ".portfolio").stream().map(ConsumerRecord::value).filter(line -> line.contains("\"type\":\"rules\""))
                .toList();
    }

    /** The simulation's steps in the committed stream (rule sets, which carry the step before them, left out). */
    private List<Long> steps() {
        List<Long> steps = new ArrayList<>();
        for (long[] record : stream()) {
            if (record[2] == 0) {
                steps.add(record[1]);
            }
        }
        return steps;
    }

    /** The portfolio topic as read_committed consumers see it: each record's seq, step, and whether it is a rule set (1). */
    private List<long[]> stream() {
        List<long[]> records = new ArrayList<>();
        for (ConsumerRecord<String, String> record : kafka.consumeCommitted(prefix + ".portfolio")) {
            assertEquals("simulation:42", new String(record.headers().lastHeader(EventsTopic.SOURCE_HEADER).value(), StandardCharsets.UTF_8));
            records.add(new long[] {EventsTopic.seqOf(record.headers()), EventsTopic.positionOf(record.headers()),
                    record.value().contains("\"type\":\"rules\"") ? 1 : 0});
        }
        return records;
    }

    /** The age of each partition's newest snapshot here, in seconds (/api/cluster; -1: none published here yet). */
    private List<Long> snapshotAges() {
        try {
            List<Long> ages = new ArrayList<>();
            new ObjectMapper().readTree(get("/api/cluster").body()).get("snapshotAgeSeconds").forEach(age -> ages.add(age.asLong()));
            return ages;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        }
    }
}
