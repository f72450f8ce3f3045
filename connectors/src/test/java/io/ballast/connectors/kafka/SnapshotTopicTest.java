package io.ballast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshots larger than a Kafka message, in chunks on a real broker: whole again on another node, replaced without leftovers. */
class SnapshotTopicTest {

    private final KafkaBroker kafka = KafkaBroker.shared();
    private final String topic = "snapshots-" + System.nanoTime();

    @BeforeEach
    void createTopic() throws Exception {
        kafka.createTopics(1, topic);
    }

    @Test
    void aSnapshotLargerThanAMessageComesBackWholeAndItsReplacementLeavesNoChunkBehind() {
        byte[] big = bytes(1, 3 * 1024 * 1024 + 17); // 7 chunks; Kafka's default message limit is 1 MB
        byte[] small = bytes(2, 1_000);
        byte[] next = bytes(3, SnapshotTopic.CHUNK_BYTES + 1);
        try (SnapshotTopic node = new SnapshotTopic(kafka.bootstrapServers(), topic)) {
            assertTrue(node.latest(0).isEmpty(), "no snapshot yet");
            node.publish(0, big);
            node.publish(1, small);
        }
        try (SnapshotTopic other = new SnapshotTopic(kafka.bootstrapServers(), topic)) {
            assertArrayEquals(big, other.latest(0).orElseThrow(), "the partition's snapshot, read on another node");
            assertArrayEquals(small, other.latest(1).orElseThrow(), "each partition its own");
            other.publish(0, next);
        }
        List<ConsumerRecord<String, String>> records = kafka.consumeAll(topic, Duration.ofSeconds(30));
        long bigChunks = records.stream().filter(r -> r.key().startsWith("partition-0/" + big.length + "-") && r.value() != null).count();
        long bigTombstones = records.stream().filter(r -> r.key().startsWith("partition-0/" + big.length + "-") && r.value() == null).count();
        assertEquals(7, bigChunks, "the big snapshot in chunks");
        assertEquals(7, bigTombstones, "every chunk of the replaced snapshot removed");
        try (SnapshotTopic third = new SnapshotTopic(kafka.bootstrapServers(), topic)) {
            assertArrayEquals(next, third.latest(0).orElseThrow(), "the newest snapshot");
        }
    }

    @Test
    void aSnapshotMissingAChunkIsRefusedWithWhatIsMissing() throws Exception {
        try (SnapshotTopic node = new SnapshotTopic(kafka.bootstrapServers(), topic)) {
            node.publish(4, bytes(4, 2 * SnapshotTopic.CHUNK_BYTES + 5));
        }
        String chunk = kafka.consumeAll(topic, Duration.ofSeconds(30)).stream().map(ConsumerRecord::key)
                .filter(key -> key.startsWith("partition-4/") && key.endsWith("/1")).findFirst().orElseThrow();
        kafka.produce(topic, chunk, (String) null); // lost, as if deleted by hand
        try (SnapshotTopic node = new SnapshotTopic(kafka.bootstrapServers(), topic)) {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> node.latest(4));
            assertEquals(topic + ": the snapshot of partition 4 (" + chunk.split("/")[1] + ") lacks chunk 1 of 3", error.getMessage());
        }
    }

    private static byte[] bytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
