package io.ballast.ops.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.connectors.kafka.KafkaBroker;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** A partition whose log lost the inputs after its snapshot is refused, not resumed past the gap. */
class PartitionLogReaderTest {

    private final KafkaBroker kafka = KafkaBroker.shared();

    @Test
    void aResumeOffsetBeforeTheLogStartIsRefusedWithWhy() throws Exception {
        String topic = "retained-" + System.nanoTime();
        kafka.createTopics(1, topic);
        kafka.produce(topic, null, "1", "2", "3", "4", "5", "6");
        TopicPartition log = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.deleteRecords(Map.of(log, RecordsToDelete.beforeOffset(4))).all().get(); // as retention would
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(log));
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> PartitionLogReader.requireLogHolds(consumer, log, 2, "portfolio"));
            assertEquals("partition portfolio resumes at offset 2 of " + topic + "-0, but the log starts at 4: the inputs in between are"
                    + " gone (is the topic's retention shorter than the time between snapshots?); refusing to skip them", error.getMessage());
            assertDoesNotThrow(() -> PartitionLogReader.requireLogHolds(consumer, log, 4, "portfolio"), "resuming where the log starts");
            assertDoesNotThrow(() -> PartitionLogReader.requireLogHolds(consumer, log, 6, "portfolio"), "or after");
        }
    }
}
