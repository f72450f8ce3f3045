package io.ballast.ops.run;

import static io.ballast.ops.run.RunningBallast.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default as a service: its API, metrics, stream, token, console, and a restart that resumes. */
class BallastServiceTest {

    private static final Duration SOON = Duration.ofSeconds(60);

    @Test
    void theApiShowsTheSimulatedDeskAndAlertsAppearOnTheConsole(@TempDir Path dir) throws Exception {
        try (RunningBallast ballast = new RunningBallast(dir, 20, "")) {
            assertEquals(200, ballast.get("/health").statusCode());
            assertEquals("up", ballast.json("/health").get("status").asText());
            await("ready: every simulated chain live", SOON, () -> ballast.get("/ready").statusCode() == 200);

            JsonNode exposure = ballast.json("/api/exposure");
            TreeSet<String> chains = new TreeSet<>();
            exposure.get("chains").forEach(chain -> chains.add(chain.get("name").asText()));
            assertEquals(new TreeSet<>(List.of("ethereum", "arbitrum", "optimism", "base")), chains);
            TreeSet<String> assets = new TreeSet<>();
            exposure.get("assets").forEach(asset -> assets.add(asset.get("asset").asText()));
            assertEquals(new TreeSet<>(List.of("ETH", "USDC", "WETH")), assets);
            assertEquals("monitor-only", exposure.get("actionMode").asText());

            await("an alert on the console", SOON, () -> ballast.console().contains("alert firing"));
            await("alerts in the API", SOON, () -> ballast.json("/api/alerts").get("recent").size() > 0);
            await("a bridge transfer in flight", Duration.ofSeconds(90), () -> ballast.json("/api/transfers").get("inFlight").size() > 0);
            JsonNode transfer = ballast.json("/api/transfers").get("inFlight").get(0);
            assertEquals("ethereum", transfer.get("from").asText());
            assertEquals("USDC", transfer.get("asset").asText());

            JsonNode rules = ballast.json("/api/rules");
            assertEquals(List.of("../examples/rules.yaml"), List.of(rules.get("files").get(0).asText()));
            assertEquals(6, rules.get("rules").size());
            assertEquals(403, ballast.post("/api/rules/reload", "Bearer anything").statusCode(), "no token configured: no changes over HTTP");
        }
    }

    @Test
    void metricsAreScrapedAndParsedAsPrometheusText(@TempDir Path dir) {
        try (RunningBallast ballast = new RunningBallast(dir, 20, "")) {
            await("blocks journalled", SOON, () -> metrics(ballast).getOrDefault("ballast_events_total{chain=\"arbitrum\",type=\"block\"}", 0.0) > 0);
            Map<String, Double> metrics = metrics(ballast);
            for (String chain : List.of("ethereum", "arbitrum", "optimism", "base")) {
                assertTrue(metrics.containsKey("ballast_chain_head_age_seconds{chain=\"" + chain + "\"}"), chain);
                assertTrue(metrics.containsKey("ballast_chain_finality_lag_blocks{chain=\"" + chain + "\"}"), chain);
            }
            assertTrue(metrics.get("ballast_events_total{chain=\"none\",type=\"price\"}") > 0);
            assertTrue(metrics.get("ballast_journal_size_bytes") > 0);
            assertTrue(metrics.get("ballast_journal_inputs") > 0);
            assertTrue(metrics.get("ballast_rule_evaluation_count_total") > 0);
            assertTrue(metrics.get("ballast_rule_evaluation_seconds{quantile=\"0.99\"}") > 0);
            assertTrue(metrics.get("ballast_end_to_end_seconds{quantile=\"0.5\"}") > 0);
            for (String severity : List.of("info", "warning", "critical", "unknown")) {
                assertTrue(metrics.containsKey("ballast_alerts_firing{severity=\"" + severity + "\"}"), severity);
            }
        }
    }

    @Test
    void changesNeedTheTokenAndTheStreamSendsPictures(@TempDir Path dir) throws Exception {
        try (RunningBallast ballast = new RunningBallast(dir, 20, "s3cret")) {
            assertEquals(401, ballast.post("/api/rules/kill-switch?on=true", null).statusCode());
            assertEquals(401, ballast.post("/api/rules/kill-switch?on=true", "Bearer wrong").statusCode());
            assertEquals(401, ballast.post("/api/rules/action-mode?mode=publish", "s3cret").statusCode());
            assertEquals("monitor-only", ballast.json("/api/rules").get("actionMode").asText(), "refused requests changed nothing");

            assertEquals(200, ballast.post("/api/rules/action-mode?mode=publish", "Bearer s3cret").statusCode());
            assertEquals(400, ballast.post("/api/rules/action-mode?mode=yolo", "Bearer s3cret").statusCode());
            assertEquals("publish", ballast.json("/api/rules").get("actionMode").asText());
            assertEquals(200, ballast.post("/api/rules/kill-switch?on=true", "Bearer s3cret").statusCode());
            assertTrue(ballast.json("/api/rules").get("killSwitch").asBoolean());
            assertEquals(200, ballast.post("/api/rules/reload", "Bearer s3cret").statusCode());

            HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(ballast.url("/api/stream"))).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals("text/event-stream", stream.headers().firstValue("content-type").orElse(""));
            try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                List<Long> seqs = new java.util.ArrayList<>();
                for (String line = events.readLine(); seqs.size() < 3 && line != null; line = events.readLine()) {
                    if (line.startsWith("data:")) {
                        JsonNode picture = new ObjectMapper().readTree(line.substring(5));
                        assertTrue(picture.get("killSwitch").asBoolean(), "pictures carry the switch");
                        seqs.add(picture.get("inputSeq").asLong());
                    } else {
                        assertTrue(line.isEmpty() || line.equals("event:picture") || line.startsWith(":"), line);
                    }
                }
                assertTrue(seqs.get(2) > seqs.get(0), "the simulation goes on between pictures: " + seqs);
            }
        }
    }

    @Test
    void aRestartResumesTheSimulationWhereTheJournalStops(@TempDir Path dir) {
        long before;
        try (RunningBallast ballast = new RunningBallast(dir, 20, "")) {
            await("some minutes of the desk", SOON, () -> ballast.json("/api/exposure").get("inputSeq").asLong() > 3_000);
            before = ballast.json("/api/exposure").get("inputSeq").asLong();
        }
        try (RunningBallast ballast = new RunningBallast(dir, 20, "")) {
            JsonNode resumed = ballast.json("/api/exposure");
            assertTrue(resumed.get("inputSeq").asLong() >= before, "the journal was recovered");
            assertTrue(resumed.get("engineClock").asLong() > 1_767_225_600L + 60, "simulated time goes on from where it was");
            await("new inputs after the restart", SOON, () -> ballast.json("/api/exposure").get("inputSeq").asLong() > before + 500);
            assertTrue(!ballast.console().contains("alert firing   info     inventory-incomplete"),
                    "the desk's opening balances are not played again: " + ballast.console());
        }
    }

    /** Parses the Prometheus text format: one sample per line, {@code name{labels} value}. */
    static Map<String, Double> metrics(RunningBallast ballast) {
        HttpResponse<String> response = ballast.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
