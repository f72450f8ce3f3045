package io.ballast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.engine.Ballast;
import io.ballast.engine.ReadmeExamples;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.model.Catalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The example consumer of docs/kafka.md runs, word for word, and drops the repeats an outbox restart sends. */
class ConsumerGuideTest {

    private static final KafkaBroker broker = KafkaBroker.shared();

    @Test
    void theGuidesExampleMessagesMeetTheSchemas() throws Exception {
        String guide = Files.readString(Path.of("../docs/kafka.md"));
        Matcher blocks = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(guide);
        Set<String> types = new TreeSet<>();
        while (blocks.find()) {
            for (String line : blocks.group(1).strip().split("\n")) {
                types.add(MessageSchemas.assertValid(line).get("type").asText());
            }
        }
        assertEquals(Set.of("alert", "liquidation", "rebalance"), types, "an example of each type");
    }

    @Test
    @Timeout(120)
    void theExampleConsumerHandlesEachAlertOnceThoughItCameTwice(@TempDir Path dir) throws Exception {
        broker.createTopics(3, "ballast.alerts", "ballast.actions", "ballast.proposals");
        String bootstrapServers = broker.bootstrapServers();
        DecisionJson json = new DecisionJson(Catalogue.defaults());
        EventJson events = new EventJson(Catalogue.defaults());
        try (Ballast ballast = Ballast.builder().dataDirectory(dir.resolve("data")).decisionMaker(new PriceDecisions()).build()) {
            ballast.submit(events.read(PriceDecisions.line("ETH", "3000", 1_700_000_000)));
            ballast.submit(events.read(PriceDecisions.line("WBTC", "90000", 1_700_000_001)));
            // Two outboxes with cursors of their own: every decision goes out twice, as after a crash before saving.
            for (String cursor : List.of("first.cursor", "second.cursor")) {
                try (DecisionOutbox outbox = DecisionOutbox.start(ballast, json, OutboxSettings.of(bootstrapServers, dir.resolve(cursor)))) {
                    KafkaBroker.await(() -> outbox.stats().lag() == 0, "published: " + outbox.stats());
                }
            }
        }
        assertEquals(4, broker.consume("ballast.alerts", 4, Duration.ofSeconds(30)).size(), "each alert is on the topic twice");

        List<String> handled = new ArrayList<>();
        int expected = 2;
        // README-BEGIN
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "risk-dashboard");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        ObjectMapper mapper = new ObjectMapper();
        Set<String> seen = new LinkedHashSet<>();       // in production: a store that outlives restarts
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("ballast.alerts"));
            while (handled.size() < expected) {          // a real consumer loops until it is shut down
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode alert = mapper.readTree(record.value());
                    if (!seen.add(alert.get("id").asText())) {
                        continue;                       // sent again after an outbox restart: handled already
                    }
                    handled.add(record.key() + " " + alert.get("state").asText() + ": " + alert.get("message").asText());
                }
                consumer.commitSync();                  // after handling: at least once, and once by id
            }
        }
        // README-END
        assertEquals(List.of("price-seen/asset[asset=ETH] firing: ETH at 3000 USD",
                "price-seen/asset[asset=WBTC] firing: WBTC at 90000 USD"), handled.stream().sorted().toList());

        ReadmeExamples.assertDocumented(Path.of("../docs/kafka.md"), "## An example consumer",
                Path.of("src/test/java/io/ballast/connectors/kafka/ConsumerGuideTest.java"));
    }
}
