package io.ballast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ballast.engine.Ballast;
import io.ballast.engine.FreePort;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.model.Catalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DecisionOutboxTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final KafkaBroker broker = KafkaBroker.shared();
    private static int topicSet;

    private final EventJson events = new EventJson(Catalogue.defaults());
    private final DecisionJson json = new DecisionJson(Catalogue.defaults());
    private final List<Decision> decided = new ArrayList<>();

    /** Fresh topics per test (three partitions each, so order per key is tested across partitions). */
    private OutboxSettings settings(Path dir) throws Exception {
        int n = ++topicSet;
        OutboxSettings defaults = OutboxSettings.of(broker.bootstrapServers(), dir.resolve("outbox.cursor"));
        OutboxSettings settings = new OutboxSettings(defaults.bootstrapServers(), "alerts-" + n, "actions-" + n,
                "proposals-" + n, defaults.actionMode(), defaults.cursorFile(), defaults.maxUnacknowledged(),
                defaults.deliveryTimeout(), Duration.ofMillis(200), defaults.producerProperties());
        broker.createTopics(3, settings.alertsTopic(), settings.actionsTopic(), settings.proposalsTopic());
        return settings;
    }

    private Ballast ballast(Path dir) {
        return Ballast.builder().dataDirectory(dir.resolve("data")).decisionMaker(new PriceDecisions())
                .onDecision(decided::add).build();
    }

    private void submitPrices(Ballast ballast, long fromTimestamp, String... assets) {
        long timestamp = fromTimestamp;
        for (String asset : assets) {
            ballast.submit(events.read(PriceDecisions.line(asset, "1.5", timestamp++)));
        }
    }

    @Test
    void publishesEachDecisionOnceKeyedBySubjectAndARestartResendsNothingAcknowledged(@TempDir Path dir) throws Exception {
        OutboxSettings settings = settings(dir).withActionMode(ActionMode.PUBLISH);
        try (Ballast ballast = ballast(dir)) {
            submitPrices(ballast, 1_700_000_000, "ETH", "USDC", "WBTC", "ETH", "USDC");
            try (DecisionOutbox outbox = DecisionOutbox.start(ballast, json, settings)) {
                KafkaBroker.await(() -> outbox.stats().lag() == 0, "outbox caught up: " + outbox.stats());
                assertEquals(8, outbox.stats().acknowledgedSeq());
            }
            submitPrices(ballast, 1_700_000_100, "WBTC", "ETH");
            try (DecisionOutbox outbox = DecisionOutbox.start(ballast, json, settings)) {
                KafkaBroker.await(() -> outbox.stats().lag() == 0, "second outbox caught up: " + outbox.stats());
                assertEquals(3, outbox.stats().sent(), "only what the first outbox had not published");
            }
        }

        List<ConsumerRecord<String, String>> alerts = broker.consume(settings.alertsTopic(), 7, WAIT);
        List<ConsumerRecord<String, String>> actions = broker.consume(settings.actionsTopic(), 4, WAIT);
        assertEquals(7, alerts.size());
        assertEquals(4, actions.size());
        assertTrue(broker.consume(settings.proposalsTopic(), 1, Duration.ofSeconds(2)).isEmpty(), "publish mode proposes nothing");
        List<ConsumerRecord<String, String>> all = new ArrayList<>(alerts);
        all.addAll(actions);
        assertEquals(decided.size(), all.size(), "each decision exactly once");
        for (Decision decision : decided) {
            ConsumerRecord<String, String> record = all.stream()
                    .filter(r -> KafkaBroker.header(r, DecisionOutbox.ID_HEADER).equals(decision.id())).findFirst().orElseThrow();
            assertEquals(decision.subject(), record.key());
            assertEquals(json.write(decision), record.value());
            assertEquals("1", KafkaBroker.header(record, DecisionOutbox.SCHEMA_VERSION_HEADER));
            JsonNode message = MessageSchemas.assertValid(record.value());
            assertEquals(message.get("type").asText(), KafkaBroker.header(record, DecisionOutbox.TYPE_HEADER));
        }
        assertInJournalOrderPerKey(all);
    }

    @Test
    void monitorOnlyPublishesOrdersAsProposals(@TempDir Path dir) throws Exception {
        OutboxSettings settings = settings(dir);
        try (Ballast ballast = ballast(dir)) {
            submitPrices(ballast, 1_700_000_000, "USDC", "WBTC");
            try (DecisionOutbox outbox = DecisionOutbox.start(ballast, json, settings)) {
                KafkaBroker.await(() -> outbox.stats().lag() == 0, "caught up: " + outbox.stats());
            }
        }
        List<ConsumerRecord<String, String>> proposals = broker.consume(settings.proposalsTopic(), 2, WAIT);
        assertEquals(List.of("liquidation", "rebalance"),
                proposals.stream().map(r -> KafkaBroker.header(r, DecisionOutbox.TYPE_HEADER)).sorted().toList());
        assertTrue(broker.consume(settings.actionsTopic(), 1, Duration.ofSeconds(2)).isEmpty(), "nothing to execute");
        assertEquals(2, broker.consume(settings.alertsTopic(), 2, WAIT).size());
    }

    @Test
    void aModeSwitchedWhileRunningRoutesTheOrdersPublishedAfterIt(@TempDir Path dir) throws Exception {
        OutboxSettings settings = settings(dir);
        try (Ballast ballast = ballast(dir);
             DecisionOutbox outbox = DecisionOutbox.start(ballast, json, settings)) {
            submitPrices(ballast, 1_700_000_000, "USDC");
            KafkaBroker.await(() -> outbox.stats().lag() == 0, "first order out: " + outbox.stats());
            outbox.actionMode(ActionMode.PUBLISH);
            submitPrices(ballast, 1_700_000_001, "WBTC");
            KafkaBroker.await(() -> outbox.stats().lag() == 0, "second order out: " + outbox.stats());
            outbox.actionMode(ActionMode.MONITOR_ONLY); // the kill switch, as the service turns it
            submitPrices(ballast, 1_700_000_002, "USDC");
            KafkaBroker.await(() -> outbox.stats().lag() == 0, "third order out: " + outbox.stats());
        }
        List<ConsumerRecord<String, String>> proposals = broker.consume(settings.proposalsTopic(), 2, WAIT);
        List<ConsumerRecord<String, String>> actions = broker.consume(settings.actionsTopic(), 1, WAIT);
        assertEquals(List.of("rebalance", "rebalance"), proposals.stream().map(r -> KafkaBroker.header(r, DecisionOutbox.TYPE_HEADER)).toList());
        assertEquals(List.of("liquidation"), actions.stream().map(r -> KafkaBroker.header(r, DecisionOutbox.TYPE_HEADER)).toList());
        assertTrue(broker.consume(settings.actionsTopic(), 2, Duration.ofSeconds(2)).size() == 1, "only the order made while publishing acts");
    }

    @Test
    void decisionsWaitInTheJournalWhileKafkaIsUnreachableAndFlowInOrderWhenItIsBack(@TempDir Path dir) throws Exception {
        OutboxSettings reachable = settings(dir).withActionMode(ActionMode.PUBLISH);
        int deadPort = FreePort.any(); // nothing listens there
        OutboxSettings unreachable = new OutboxSettings("127.0.0.1:" + deadPort, reachable.alertsTopic(),
                reachable.actionsTopic(), reachable.proposalsTopic(), reachable.actionMode(), reachable.cursorFile(),
                reachable.maxUnacknowledged(), Duration.ofSeconds(2), reachable.retryBackoff(), reachable.producerProperties());
        try (Ballast ballast = ballast(dir)) {
            try (DecisionOutbox outbox = DecisionOutbox.start(ballast, json, unreachable)) {
                long start = System.nanoTime();
                for (int i = 0; i < 200; i++) {
                    submitPrices(ballast, 1_700_000_000 + 10L * i, "ETH", "USDC");
                }
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "the pipeline did not wait for Kafka");
                KafkaBroker.await(() -> outbox.stats().restarts() > 0, "the outbox noticed: " + outbox.stats());
                assertEquals(600, outbox.stats().lag(), "every decision waits in the journal");
                assertEquals(0, outbox.stats().acknowledgedSeq());
                assertTrue(!outbox.stats().lastError().isEmpty(), "the failure is visible");
            }
            try (DecisionOutbox outbox = DecisionOutbox.start(ballast, json, reachable)) {
                KafkaBroker.await(() -> outbox.stats().lag() == 0, "flowed once Kafka was back: " + outbox.stats());
            }
        }
        List<ConsumerRecord<String, String>> all = new ArrayList<>(broker.consume(reachable.alertsTopic(), 400, WAIT));
        all.addAll(broker.consume(reachable.actionsTopic(), 200, WAIT));
        assertEquals(600, all.stream().map(r -> KafkaBroker.header(r, DecisionOutbox.ID_HEADER)).distinct().count(), "nothing lost");
        assertInJournalOrderPerKey(all);
    }

    @Test
    @Timeout(240)
    void aBrokerStoppedForThirtySecondsDelaysDecisionsButLosesAndDoublesNone(@TempDir Path dir) throws Exception {
        try (KafkaBroker own = new KafkaBroker()) {
            OutboxSettings defaults = OutboxSettings.of(own.bootstrapServers(), dir.resolve("outbox.cursor"))
                    .withActionMode(ActionMode.PUBLISH);
            own.createTopics(3, defaults.alertsTopic(), defaults.actionsTopic());
            try (Ballast ballast = ballast(dir);
                 DecisionOutbox outbox = DecisionOutbox.start(ballast, json, defaults)) {
                submitPrices(ballast, 1_700_000_000, "ETH", "USDC", "WBTC");
                KafkaBroker.await(() -> outbox.stats().lag() == 0, "published before the outage: " + outbox.stats());

                own.stop();
                long outageEnds = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                for (int second = 0; System.nanoTime() < outageEnds; second++) {
                    submitPrices(ballast, 1_700_001_000 + 10L * second, "ETH", "USDC", "WBTC");
                    Thread.sleep(1_000);
                }
                assertTrue(outbox.stats().lag() > 0, "decisions waited in the journal: " + outbox.stats());
                own.restart();
                KafkaBroker.await(() -> outbox.stats().lag() == 0, "all published after the outage: " + outbox.stats(),
                        Duration.ofSeconds(120));
            }
            List<ConsumerRecord<String, String>> all = new ArrayList<>(own.consumeAll(defaults.alertsTopic(), WAIT));
            all.addAll(own.consumeAll(defaults.actionsTopic(), WAIT));
            assertEquals(decided.stream().map(Decision::id).sorted().toList(),
                    all.stream().map(r -> KafkaBroker.header(r, DecisionOutbox.ID_HEADER)).sorted().toList(),
                    "every decision once: none missing, none twice");
            assertInJournalOrderPerKey(all);
        }
    }

    /** Within one key, messages come in the order of the inputs that caused them. */
    private static void assertInJournalOrderPerKey(List<ConsumerRecord<String, String>> records) {
        records.stream().map(ConsumerRecord::key).distinct().forEach(key -> {
            List<ConsumerRecord<String, String>> ofKey = records.stream().filter(r -> r.key().equals(key))
                    .sorted((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                            : Long.compare(a.offset(), b.offset())).toList();
            assertEquals(1, ofKey.stream().map(ConsumerRecord::partition).distinct().count(), key + " on one partition");
            long last = 0;
            for (ConsumerRecord<String, String> record : ofKey) {
                long seq = MessageSchemas.assertValid(record.value()).get("journalSeq").asLong();
                assertTrue(seq >= last, key + " in journal order");
                last = seq;
            }
        });
    }
}
