package io.ballast.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topic of an inputs topic: a message that is not a valid event goes there as it came,
 * with headers giving the reason and its original topic, partition and offset.
 */
final class DeadLetters implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DeadLetters.class.getName());

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    /** A producer that talks to the cluster the way the inputs' consumer does: it takes its security settings. */
    DeadLetters(InputSettings settings) {
        this.topic = settings.deadLetterTopic();
        Map<String, Object> security = new HashMap<>();
        settings.consumerProperties().forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                security.put(key, value);
            }
        });
        this.producer = new KafkaProducer<>(ReliableProducer.config(security, settings.bootstrapServers(), "ballast-dead-letters",
                ByteArraySerializer.class));
    }

    /** Sends the message as it came, with why, and waits until Kafka has it. */
    void send(ConsumerRecord<byte[], byte[]> record, String reason) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, record.key(), record.value());
        for (Header header : record.headers()) {
            letter.headers().add(header);
        }
        letter.headers().add(KafkaInputs.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                .add(KafkaInputs.TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8))
                .add(KafkaInputs.PARTITION_HEADER, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
                .add(KafkaInputs.OFFSET_HEADER, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(letter).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("dead-letter topic did not take offset " + record.offset() + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering offset " + record.offset(), e);
        }
        LOG.log(System.Logger.Level.WARNING, record.topic() + "/" + record.partition() + "@" + record.offset() + " dead-lettered: " + reason);
    }

    @Override
    public void close() {
        producer.close();
    }
}
