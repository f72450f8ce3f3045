package io.ballast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.model.Catalogue;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaInputsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final KafkaBroker broker = KafkaBroker.shared();
    private static int topicSet;

    private final EventJson json = new EventJson(Catalogue.defaults());

    private static InputSettings settings(String group) throws Exception {
        int n = ++topicSet;
        InputSettings defaults = InputSettings.of(broker.bootstrapServers(), group);
        InputSettings settings = new InputSettings(defaults.bootstrapServers(), "inputs-" + n, "dead-letters-" + n, group,
                defaults.pollTimeout(), Duration.ofMillis(200), defaults.consumerProperties());
        broker.createTopics(1, settings.inputsTopic(), settings.deadLetterTopic());
        return settings;
    }

    private static final String PRICE = "{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"3000.5\",\"timestamp\":1700000000}";
    private static final String BALANCE =
            "{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"1500.25\",\"block\":7}";
    private static final String NOT_JSON = "{\"type\":\"price\",";
    private static final String UNKNOWN_CHAIN =
            "{\"type\":\"balance\",\"chain\":\"solana\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"1\",\"block\":7}";
    private static final String LATER_PRICE = "{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"3100\",\"timestamp\":1700000060}";

    @Test
    void journalsEventLinesAndDeadLettersTheRestWithReasonAndOriginWhileTheStreamGoesOn(@TempDir Path dir) throws Exception {
        InputSettings settings = settings("desk-a");
        broker.produce(settings.inputsTopic(), "fills", PRICE, NOT_JSON, BALANCE, UNKNOWN_CHAIN, LATER_PRICE);
        try (Ballast ballast = Ballast.builder().dataDirectory(dir).build();
             KafkaInputs inputs = KafkaInputs.start(ballast::submit, json, settings)) {
            KafkaBroker.await(() -> committed(settings) == 5, "all five offsets committed");
            assertEquals(new KafkaInputs.Stats(3, 0, 2, 0, ""), inputs.stats());
            assertEquals(new BigDecimal("3100"), ballast.query(state -> state.price("ETH").usd()));
            assertEquals(1_500_250_000L, ballast.balance("base", "USDC", "0xdesk").confirmed().longValueExact());
            assertEquals(4, ballast.sourcePosition("kafka:" + settings.inputsTopic() + "/0"), "offset of the last journalled");
        }

        List<ConsumerRecord<String, String>> letters = broker.consume(settings.deadLetterTopic(), 2, WAIT);
        assertEquals(List.of(NOT_JSON, UNKNOWN_CHAIN), letters.stream().map(ConsumerRecord::value).toList(), "as they came");
        assertEquals(List.of("fills", "fills"), letters.stream().map(ConsumerRecord::key).toList());
        assertEquals(List.of("1", "3"), letters.stream().map(r -> KafkaBroker.header(r, KafkaInputs.OFFSET_HEADER)).toList());
        assertEquals(settings.inputsTopic(), KafkaBroker.header(letters.get(0), KafkaInputs.TOPIC_HEADER));
        assertEquals("0", KafkaBroker.header(letters.get(0), KafkaInputs.PARTITION_HEADER));
        assertTrue(KafkaBroker.header(letters.get(0), KafkaInputs.REASON_HEADER).startsWith("not valid JSON"),
                KafkaBroker.header(letters.get(0), KafkaInputs.REASON_HEADER));
        assertEquals("unknown chain 'solana'", KafkaBroker.header(letters.get(1), KafkaInputs.REASON_HEADER).replaceAll(" \\(.*", ""));
    }

    @Test
    void inputsOutOfOrderAreJournalledAndNeitherRewindAPriceNorReviveAFinishedTransfer(@TempDir Path dir) throws Exception {
        InputSettings settings = settings("desk-c");
        String bridge = "{\"type\":\"bridge\",\"id\":\"b-1\",\"asset\":\"USDC\",\"from\":\"ethereum\",\"to\":\"base\",\"amount\":\"250\","
                + "\"expectedArrivalSeconds\":900,\"status\":";
        // The trading system's two producers raced: the newer price and the transfer's end came first.
        broker.produce(settings.inputsTopic(), "desk", LATER_PRICE, bridge + "\"completed\",\"timestamp\":1700000900}", PRICE, NOT_JSON,
                bridge + "\"initiated\",\"timestamp\":1700000000}");
        try (Ballast ballast = Ballast.builder().dataDirectory(dir).build();
             KafkaInputs inputs = KafkaInputs.start(ballast::submit, json, settings)) {
            KafkaBroker.await(() -> committed(settings) == 5, "all five offsets committed");
            assertEquals(new KafkaInputs.Stats(4, 0, 1, 0, ""), inputs.stats(), "out of order is not malformed: journalled");
            assertEquals(new BigDecimal("3100"), ballast.query(state -> state.price("ETH").usd()), "the late older price does not win");
            assertEquals(0, ballast.query(state -> state.inFlightTo("USDC", "base")).signum(), "a transfer that ended is not in flight");
        }
        assertEquals(List.of(NOT_JSON), broker.consume(settings.deadLetterTopic(), 1, WAIT).stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void messagesDeliveredAgainAreTakenOnceAndARestartResumesAfterTheCommittedOffset(@TempDir Path dir) throws Exception {
        InputSettings settings = settings("desk-b");
        broker.produce(settings.inputsTopic(), null, PRICE, BALANCE);
        String hash;
        try (Ballast ballast = Ballast.builder().dataDirectory(dir).build()) {
            try (KafkaInputs inputs = KafkaInputs.start(ballast::submit, json, settings)) {
                KafkaBroker.await(() -> committed(settings) == 2, "both committed");
            }
            hash = ballast.stateHash();
            // Another group reads the topic from the start: every message comes again, as after a lost commit.
            InputSettings rereading = new InputSettings(settings.bootstrapServers(), settings.inputsTopic(),
                    settings.deadLetterTopic(), "desk-b-again", settings.pollTimeout(), settings.retryBackoff(),
                    settings.consumerProperties());
            try (KafkaInputs again = KafkaInputs.start(ballast::submit, json, rereading)) {
                KafkaBroker.await(() -> again.stats().repeats() == 2, "both seen again: " + again.stats());
                assertEquals(0, again.stats().journalled());
            }
            assertEquals(hash, ballast.stateHash(), "nothing applied twice");
        }

        broker.produce(settings.inputsTopic(), null, LATER_PRICE);
        try (Ballast reopened = Ballast.builder().dataDirectory(dir).build();
             KafkaInputs inputs = KafkaInputs.start(reopened::submit, json, settings)) {
            KafkaBroker.await(() -> committed(settings) == 3, "the new message committed");
            assertEquals(new KafkaInputs.Stats(1, 0, 0, 0, ""), inputs.stats(), "resumed after the committed offset");
            assertEquals(new BigDecimal("3100"), reopened.query(state -> state.price("ETH").usd()));
            assertEquals(3L, (long) reopened.query(state -> state.inputSeq()));
        }
    }

    @Test
    void nothingIsCommittedPastAnEventTheEngineCouldNotTakeUntilItTakesIt(@TempDir Path dir) throws Exception {
        InputSettings settings = settings("desk-c");
        broker.produce(settings.inputsTopic(), null, PRICE, BALANCE, LATER_PRICE);
        AtomicBoolean engineDown = new AtomicBoolean(true);
        try (Ballast ballast = Ballast.builder().dataDirectory(dir).build()) {
            InputSink flaky = (source, position, event) -> {
                if (position == 1 && engineDown.get()) {
                    throw new IllegalStateException("journal disk full");
                }
                return ballast.submit(source, position, event);
            };
            try (KafkaInputs inputs = KafkaInputs.start(flaky, json, settings)) {
                KafkaBroker.await(() -> inputs.stats().restarts() >= 2, "failed and started over: " + inputs.stats());
                assertTrue(committed(settings) < 1, "nothing committed past offset 0 while offset 1 is not journalled");
                assertEquals("journal disk full", inputs.stats().lastError());
                engineDown.set(false);
                KafkaBroker.await(() -> committed(settings) == 3, "all committed once the engine took offset 1");
                assertEquals(0, inputs.stats().deadLettered(), "an engine failure is not the message's fault");
            }
            assertEquals(3L, (long) ballast.query(state -> state.inputSeq()), "each taken once");
        }
    }

    private static long committed(InputSettings settings) {
        try {
            return broker.committed(settings.groupId(), settings.inputsTopic());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
