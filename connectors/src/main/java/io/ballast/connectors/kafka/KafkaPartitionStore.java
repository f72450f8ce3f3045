package io.ballast.connectors.kafka;

import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.route.PartitionStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A {@link PartitionStore} on Kafka: decisions go to the alerts or proposals topic as the outbox sends
 * them (key the subject; headers the schema, id and type, plus the partition and the stream seq of
 * the input that caused them); snapshots to a compacted topic keyed {@code partition-<n>}, each sent
 * only once every decision before it is acknowledged.
 */
public final class KafkaPartitionStore implements PartitionStore, AutoCloseable {

    /** Header of a cluster's decisions: the stream seq of the input that caused it, as decimal text. */
    public static final String CAUSE_SEQ_HEADER = "ballast-cause-seq";
    public static final String PARTITION_HEADER = "ballast-partition";

    private final PartitionTopics topics;
    private final DecisionJson json;
    private final Producer<String, String> decisions;
    private final Producer<byte[], byte[]> snapshots;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaPartitionStore(PartitionTopics topics, DecisionJson json) {
        this.topics = topics;
        this.json = json;
        this.decisions = new KafkaProducer<>(ReliableProducer.config(Map.of(), topics.bootstrapServers(), "ballast-partition-decisions",
                StringSerializer.class));
        this.snapshots = new KafkaProducer<>(ReliableProducer.config(Map.of(), topics.bootstrapServers(), "ballast-partition-snapshots",
                ByteArraySerializer.class));
    }

    @Override
    public void publishDecision(int partition, long streamSeq, Decision decision) {
        String topic = decision instanceof Alert ? topics.alertsTopic() : topics.proposalsTopic();
        ProducerRecord<String, String> record = DecisionOutbox.message(topic, decision, json);
        record.headers().add(PARTITION_HEADER, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        record.headers().add(CAUSE_SEQ_HEADER, Long.toString(streamSeq).getBytes(StandardCharsets.UTF_8));
        decisions.send(record, (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    @Override
    public void publishSnapshot(int partition, byte[] snapshot) {
        decisions.flush();
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("a decision of partition " + partition + " was not acknowledged, so no snapshot is published: "
                    + failed.getMessage(), failed);
        }
        try {
            snapshots.send(new ProducerRecord<>(topics.snapshotsTopic(), keyOf(partition), snapshot)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing the snapshot of partition " + partition, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the snapshot of partition " + partition + " was not published: " + e.getCause(), e);
        }
    }

    /** Reads the snapshots topic to its end and keeps the partition's last value. */
    @Override
    public Optional<byte[]> latestSnapshot(int partition) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        byte[] key = keyOf(partition);
        byte[] latest = null;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = consumer.partitionsFor(topics.snapshotsTopic()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> end = consumer.endOffsets(all);
            while (all.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (java.util.Arrays.equals(record.key(), key)) {
                        latest = record.value();
                    }
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    private static byte[] keyOf(int partition) {
        return ("partition-" + partition).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        decisions.close();
        snapshots.close();
    }
}
