package io.ballast.connectors.kafka;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The inputs topic (fills, obligations, prices …) as a cluster's ingest reads it. The ingest is one,
 * so it takes every partition itself (no consumer group) and reads each from after the last offset
 * the stream holds from it — its source's position, committed with the inputs — so a message goes
 * into the stream once, whichever node's ingest reads it. Partitions added to the topic are picked up
 * as they appear. A message that is not a valid event goes to the dead-letter topic, and reading goes on.
 */
public final class InputsTopicReader implements AutoCloseable {

    /** An input message: its source (its topic-partition), its offset there, and its event — null for a message sent to the dead letters. */
    public record Input(String source, long offset, Event event) {

        public boolean deadLettered() {
            return event == null;
        }
    }

    private static final Duration LOOK_FOR_PARTITIONS = Duration.ofSeconds(10);

    private final InputSettings settings;
    private final EventJson json;
    private final ToLongFunction<String> lastTaken;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetters deadLetters;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private long partitionsCheckedNanos;
    private long deadLettered;

    /** @param lastTaken the last offset the stream holds from a source ({@link Input#source}), or -1 for none */
    public InputsTopicReader(InputSettings settings, EventJson json, ToLongFunction<String> lastTaken) {
        this.settings = settings;
        this.json = json;
        this.lastTaken = lastTaken;
        Map<String, Object> config = KafkaInputs.consumerConfig(settings, null);
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) LOOK_FOR_PARTITIONS.toMillis()); // else a new partition shows only in 5 min
        this.consumer = new KafkaConsumer<>(config);
        this.deadLetters = new DeadLetters(settings);
        assignNewPartitions();
    }

    /**
     * What has come since the last poll, without waiting; the dead letters among it are sent before this
     * returns and come too (their offsets are spent: the next ingest reads on after them).
     */
    public List<Input> poll() {
        if (System.nanoTime() - partitionsCheckedNanos > LOOK_FOR_PARTITIONS.toNanos()) {
            assignNewPartitions();
        }
        List<Input> inputs = new ArrayList<>();
        if (assigned.isEmpty()) {
            return inputs;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ZERO)) {
            try {
                inputs.add(new Input(KafkaInputs.sourceOf(record), record.offset(), KafkaInputs.eventOf(record, json)));
            } catch (IllegalArgumentException refused) {
                deadLetters.send(record, refused.getMessage());
                deadLettered++;
                inputs.add(new Input(KafkaInputs.sourceOf(record), record.offset(), null));
            }
        }
        return inputs;
    }

    /** Messages sent to the dead-letter topic by this reader. */
    public long deadLettered() {
        return deadLettered;
    }

    private void assignNewPartitions() {
        partitionsCheckedNanos = System.nanoTime();
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(settings.inputsTopic())) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (assigned.add(partition)) {
                added.add(partition);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        consumer.assign(List.copyOf(assigned));
        for (TopicPartition partition : added) {
            long last = lastTaken.applyAsLong(KafkaInputs.sourceOf(partition.topic(), partition.partition()));
            if (last >= 0) {
                consumer.seek(partition, last + 1);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
        deadLetters.close();
    }
}
