package io.ballast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.model.Catalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.Test;

/**
 * The inputs topic as a cluster's ingest reads it, on a real broker: each partition from after the
 * last offset the stream holds; a message that is no event dead-lettered and handed on as spent; a
 * partition added to the topic picked up.
 */
class InputsTopicReaderTest {

    private static final String PRICE = "{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"3000.5\",\"timestamp\":1700000000}";
    private static final String LATER_PRICE = "{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"3100\",\"timestamp\":1700000060}";

    private final KafkaBroker broker = KafkaBroker.shared();
    private final String prefix = "reader-" + System.nanoTime();
    private final InputSettings settings = new InputSettings(broker.bootstrapServers(), prefix + ".inputs", prefix + ".dead", "unused",
            Duration.ofMillis(200), Duration.ofMillis(200), Map.of());

    @Test
    void readsOnFromWhatTheStreamHoldsDeadLettersWhatIsNoEventAndPicksUpNewPartitions() throws Exception {
        broker.createTopics(1, settings.inputsTopic(), settings.deadLetterTopic());
        broker.produce(settings.inputsTopic(), "prices", PRICE, PRICE, "{\"type\":\"price\"", LATER_PRICE);
        String first = KafkaInputs.sourceOf(settings.inputsTopic(), 0);
        Map<String, Long> inTheStream = Map.of(first, 0L); // offset 0 is in the stream already
        try (InputsTopicReader reader = new InputsTopicReader(settings, new EventJson(Catalogue.defaults()),
                source -> inTheStream.getOrDefault(source, -1L))) {
            List<InputsTopicReader.Input> read = pollUntil(reader, 3);
            assertEquals(List.of(1L, 2L, 3L), read.stream().map(InputsTopicReader.Input::offset).toList(), "from after offset 0");
            assertEquals(List.of(first, first, first), read.stream().map(InputsTopicReader.Input::source).toList());
            assertEquals("3000.5", ((PriceObserved) read.get(0).event()).usd().toPlainString());
            assertNull(read.get(1).event(), "offset 2 is no event: spent, not published");
            assertEquals("3100", ((PriceObserved) read.get(2).event()).usd().toPlainString());
            assertEquals(1, reader.deadLettered());
            assertEquals("2", KafkaBroker.header(broker.consume(settings.deadLetterTopic(), 1, Duration.ofSeconds(30)).get(0),
                    KafkaInputs.OFFSET_HEADER));

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createPartitions(Map.of(settings.inputsTopic(), NewPartitions.increaseTo(2))).all().get();
            }
            broker.produceTo(settings.inputsTopic(), 1, LATER_PRICE);
            List<InputsTopicReader.Input> added = pollUntil(reader, 1);
            assertEquals(List.of(KafkaInputs.sourceOf(settings.inputsTopic(), 1) + "@0"),
                    added.stream().map(input -> input.source() + "@" + input.offset()).toList(), "the new partition, from its start");
        }
    }

    /** Polls until {@code count} inputs have come (the reader never waits itself). */
    private static List<InputsTopicReader.Input> pollUntil(InputsTopicReader reader, int count) throws InterruptedException {
        List<InputsTopicReader.Input> read = new ArrayList<>();
        KafkaBroker.await(() -> {
            read.addAll(reader.poll());
            return read.size() >= count;
        }, count + " inputs read", Duration.ofSeconds(30));
        return read;
    }
}
