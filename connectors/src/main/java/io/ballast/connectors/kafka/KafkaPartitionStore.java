package io.ballast.connectors.kafka;

import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.route.PartitionStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A {@link PartitionStore} on Kafka: decisions go to the alerts or proposals topic as the outbox sends
 * them (key the subject; headers the schema, id and type, plus the partition and the stream seq of
 * the input that caused them); snapshots to a compacted topic in chunks ({@link SnapshotTopic}), each sent
 * only once every decision before it is acknowledged.
 */
public final class KafkaPartitionStore implements PartitionStore, AutoCloseable {

    /** Header of a cluster's decisions: the stream seq of the input that caused it, as decimal text. */
    public static final String CAUSE_SEQ_HEADER = "ballast-cause-seq";
    public static final String PARTITION_HEADER = "ballast-partition";

    private final PartitionTopics topics;
    private final DecisionJson json;
    private final Producer<String, String> decisions;
    private final SnapshotTopic snapshots;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaPartitionStore(PartitionTopics topics, DecisionJson json) {
        this.topics = topics;
        this.json = json;
        this.decisions = new KafkaProducer<>(ReliableProducer.config(Map.of(), topics.bootstrapServers(), "ballast-partition-decisions",
                StringSerializer.class));
        this.snapshots = new SnapshotTopic(topics.bootstrapServers(), topics.snapshotsTopic());
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
        snapshots.publish(partition, snapshot);
    }

    @Override
    public Optional<byte[]> latestSnapshot(int partition) {
        return snapshots.latest(partition);
    }

    @Override
    public void close() {
        decisions.close();
        snapshots.close();
    }
}
