package io.ballast.ops.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.connectors.chain.EvmNode;
import io.ballast.connectors.chain.EvmSourceSettings;
import io.ballast.connectors.kafka.DecisionOutbox;
import io.ballast.connectors.kafka.KafkaBroker;
import io.ballast.connectors.kafka.KafkaInputs;
import io.ballast.engine.FreePort;
import io.ballast.engine.model.Catalogue;
import io.ballast.ops.config.BallastConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ballast run --config} with a real chain and a real broker: a ganache node serving
 * Arbitrum's chain id with a real ERC-20 standing in for USDC, and an in-process KRaft broker. The
 * service follows the chain to the base unit, alerts on it through the outbox, journals the inputs
 * topic (dead-lettering a bad message), reports its connections in /health and /metrics, and after a
 * restart resumes where the journal ends, catching what happened on chain while it was down.
 */
class LiveConnectionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fires when the desk's USDC on Arbitrum falls below 1000. */
    static final Path RULES = Path.of("src/test/resources/arbitrum-usdc-low.yaml").toAbsolutePath();
    private static final BigInteger USDC = BigInteger.TEN.pow(6);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void followsARealChainPublishesToKafkaAndResumesAfterARestart(@TempDir Path dir) throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        String topics = "live-" + System.nanoTime();
        broker.createTopics(1, topics + ".alerts", topics + ".actions", topics + ".proposals", topics + ".inputs", topics + ".dead");
        try (EvmNode node = EvmNode.ganache(42161)) {
            String deployer = node.account(0);
            String desk = node.account(1);
            String outsider = node.account(2);
            String token = node.deployToken(deployer, USDC.multiply(BigInteger.valueOf(1_000_000)));
            node.transferToken(token, deployer, desk, USDC.multiply(BigInteger.valueOf(5_000)));
            Path config = dir.resolve("ballast.conf");
            Files.writeString(config, String.join("\n",
                    "ballast {",
                    "  data-dir = \"" + dir.resolve("data") + "\"",
                    "  rules = [\"" + RULES + "\"]",
                    "  http.port = 0",
                    "  accounts { \"" + desk + "\" = desk-a }",
                    "  chains.arbitrum {",
                    "    http = [\"" + deadEndpoint() + "/v2/SECRET-KEY\", \"" + node.url() + "\"]", // the first fails: failover
                    "    poll-interval = 100ms",
                    "    request-timeout = 3s, batch-size = 20",
                    "    block-time = 1m", // ganache mines only when a transaction comes: no stall alerts here
                    "    assets = [ETH, USDC]",
                    "    tokens { USDC = \"" + token + "\" }",
                    "  }",
                    "  kafka {",
                    "    bootstrap-servers = \"" + broker.bootstrapServers() + "\"",
                    "    alerts-topic = " + topics + ".alerts",
                    "    actions-topic = " + topics + ".actions",
                    "    proposals-topic = " + topics + ".proposals",
                    "    inputs-topic = " + topics + ".inputs",
                    "    dead-letter-topic = " + topics + ".dead",
                    "    consumer-group = " + topics,
                    "  }",
                    "}", ""));

            EvmSourceSettings read = BallastConfig.from(BallastConfig.parse(config), Catalogue.defaults()).chains().get(0).source();
            assertEquals(List.of(Duration.ofMillis(100), Duration.ofSeconds(3), 20, Duration.ofSeconds(60 * 20)),
                    List.of(read.pollInterval(), read.requestTimeout(), read.batchSize(), read.socketStallAfter()),
                    "the chain's tuning as configured, the rest the source's defaults for its block time");
            try (RunningBallast ballast = new RunningBallast(BallastConfig.parse(config))) {
                assertTrue(ballast.service.describe().startsWith("ballast: following arbitrum; kafka "), ballast.service.describe());
                RunningBallast.await("ready", WAIT, () -> ballast.get("/ready").statusCode() == 200);
                // Ready once the chain's first block is in; the balances read at that block come right after it.
                RunningBallast.await("opened with the node's balance", WAIT, () -> "5000".equals(usdcOnArbitrum(ballast)));

                node.transferToken(token, desk, outsider, USDC.multiply(BigInteger.valueOf(4_500)).add(BigInteger.ONE));
                RunningBallast.await("the transfer followed", WAIT, () -> "499.999999".equals(usdcOnArbitrum(ballast)));
                RunningBallast.await("the alert on the console", WAIT, () -> ballast.console().contains("arbitrum-usdc-low"));
                List<ConsumerRecord<String, String>> alerts = broker.consume(topics + ".alerts", 1, WAIT);
                assertEquals(1, alerts.size());
                JsonNode alert = JSON.readTree(alerts.get(0).value());
                assertEquals("arbitrum-usdc-low", alert.get("rule").asText());
                assertEquals("firing", alert.get("state").asText());
                assertEquals(alert.get("id").asText(), KafkaBroker.header(alerts.get(0), DecisionOutbox.ID_HEADER));

                broker.produce(topics + ".inputs", "prices", "{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"3012.5\",\"timestamp\":1767225600}",
                        "{\"type\":\"price\",\"asset\":\"ETH\"");
                RunningBallast.await("the price journalled", WAIT, () -> "3012.5".equals(ethPrice(ballast)));
                List<ConsumerRecord<String, String>> dead = broker.consume(topics + ".dead", 1, WAIT);
                assertEquals(1, dead.size());
                assertEquals("1", KafkaBroker.header(dead.get(0), KafkaInputs.OFFSET_HEADER));

                RunningBallast.await("outbox caught up", WAIT, () -> ballast.json("/health").path("outbox").path("lag").asLong(-1) == 0);
                JsonNode health = ballast.json("/health");
                JsonNode chain = health.get("chains").get(0);
                assertEquals("arbitrum", chain.get("chain").asText());
                assertEquals(node.head(), chain.get("handedOver").asLong());
                assertFalse(chain.get("failing").asBoolean());
                assertEquals(node.url(), chain.get("endpoint").asText(), "failed over to the endpoint that answers");
                assertEquals(1, chain.get("failovers").asLong());
                assertEquals(1, health.get("inputs").get("journalled").asLong());
                assertEquals(1, health.get("inputs").get("deadLettered").asLong());
                String metrics = ballast.get("/metrics").body();
                assertTrue(metrics.contains("ballast_outbox_lag 0.0"), metrics);
                assertTrue(metrics.lines().anyMatch(line -> line.startsWith("ballast_end_to_end_seconds{quantile=\"0.5\"}")
                        && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0), "chain events are timed end to end");
                assertTrue(metrics.contains("ballast_chain_node_head{chain=\"arbitrum\"} " + node.head() + ".0"), metrics);
                assertTrue(metrics.contains("ballast_chain_source_failovers_total{chain=\"arbitrum\"} 1.0"), metrics);
                assertTrue(metrics.contains("ballast_chain_source_socket_stalls_total{chain=\"arbitrum\"} 0.0"), metrics);
                assertTrue(metrics.contains("ballast_chain_source_pending_dropped_total{chain=\"arbitrum\"} 0.0"), metrics);
                assertTrue(metrics.contains("ballast_chain_source_unusable_tokens{chain=\"arbitrum\"} 0.0"), metrics);
                assertFalse(metrics.contains("SECRET-KEY") || health.toString().contains("SECRET-KEY") || ballast.console().contains("SECRET-KEY"),
                        "an endpoint's path (where API keys go) is never shown");
            }

            // While Ballast is down the desk receives more; on restart it resumes from its journal and catches up.
            node.transferToken(token, deployer, desk, USDC.multiply(BigInteger.valueOf(2_000)));
            try (RunningBallast ballast = new RunningBallast(BallastConfig.parse(config))) {
                RunningBallast.await("caught up after the restart", WAIT, () -> "2499.999999".equals(usdcOnArbitrum(ballast)));
                assertEquals(node.tokenBalance(token, desk), new BigDecimal("2499.999999").movePointRight(6).toBigIntegerExact());
                RunningBallast.await("the alert resolved", WAIT, () -> broker.consumeAll(topics + ".alerts", WAIT).size() == 2);
                JsonNode resolved = JSON.readTree(broker.consumeAll(topics + ".alerts", WAIT).get(1).value());
                assertEquals("resolved", resolved.get("state").asText());
                broker.produce(topics + ".inputs", "prices", "{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"3020\",\"timestamp\":1767225660}");
                RunningBallast.await("the next price journalled", WAIT, () -> "3020".equals(ethPrice(ballast)));
                JsonNode inputs = ballast.json("/health").get("inputs");
                assertEquals(List.of(1L, 0L, 0L), List.of(inputs.get("journalled").asLong(), inputs.get("repeats").asLong(),
                        inputs.get("deadLettered").asLong()), "the inputs resumed after the committed offset: nothing taken again");
            }
        }
    }

    /** A loopback URL where nothing listens. */
    private static String deadEndpoint() {
        return "http://127.0.0.1:" + FreePort.any();
    }

    /** The desk's USDC on Arbitrum in /api/exposure, all tiers together, or null before it is known. */
    private static String usdcOnArbitrum(RunningBallast ballast) {
        for (JsonNode asset : ballast.json("/api/exposure").get("assets")) {
            if (asset.get("asset").asText().equals("USDC")) {
                for (JsonNode holding : asset.get("chains")) {
                    if (holding.get("chain").asText().equals("arbitrum")) {
                        return total(holding).stripTrailingZeros().toPlainString();
                    }
                }
            }
        }
        return null;
    }

    private static BigDecimal total(JsonNode holding) {
        BigDecimal sum = BigDecimal.ZERO;
        for (String tier : List.of("unsafe", "safe", "finalized")) {
            sum = sum.add(new BigDecimal(holding.get(tier).asText()));
        }
        return sum;
    }

    private static String ethPrice(RunningBallast ballast) {
        for (JsonNode asset : ballast.json("/api/exposure").get("assets")) {
            if (asset.get("asset").asText().equals("ETH") && !asset.get("priceUsd").isNull()) {
                return new BigDecimal(asset.get("priceUsd").asText()).stripTrailingZeros().toPlainString();
            }
        }
        return null;
    }
}
