package io.ballast.connectors.kafka;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.Event;
import io.ballast.engine.route.AssetPartitions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ingest's end of a cluster's events log: every input numbered in the stream and published, as
 * its event line (docs/events.md), to the partitions {@link AssetPartitions} routes it to — a copy to
 * each when it goes everywhere (an input no asset partition takes, a position or an obligation, to
 * none) — and every input to the portfolio topic, whose one partition is the whole stream in order.
 */
public final class EventsTopic implements AutoCloseable {

    /** Header of each record: its input's place in the whole stream, 8 bytes big-endian, from 1. */
    public static final String SEQ_HEADER = "ballast-seq";

    private final PartitionTopics topics;
    private final AssetPartitions partitions;
    private final EventJson json;
    private final Producer<String, String> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long seq;

    /** @param lastSeq the stream seq of the last input already published (0 for none) */
    public EventsTopic(PartitionTopics topics, EventJson json, long lastSeq) {
        this.topics = topics;
        this.partitions = new AssetPartitions(topics.partitions());
        this.json = json;
        this.seq = lastSeq;
        // Event lines are small and come in bursts: large batches, compressed, carry them in few requests.
        Map<String, Object> batching = Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(ReliableProducer.config(batching, topics.bootstrapServers(), "ballast-ingest",
                StringSerializer.class));
    }

    /** The stream seq of the last input in the log (0 for none): where a new ingest numbers on from. */
    public static long lastPublishedSeq(PartitionTopics topics) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition stream = new TopicPartition(topics.portfolioTopic(), 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(stream));
            long end = consumer.endOffsets(List.of(stream)).get(stream);
            if (end == 0) {
                return 0;
            }
            consumer.seek(stream, end - 1);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> last = consumer.poll(Duration.ofMillis(200));
                if (!last.isEmpty()) {
                    return seqOf(last.iterator().next().headers());
                }
            }
            throw new IllegalStateException("cannot read the last input of " + stream + " in 30 s");
        }
    }

    /** The stream seq of a record of the log. */
    public static long seqOf(Iterable<Header> headers) {
        for (Header header : headers) {
            if (header.key().equals(SEQ_HEADER)) {
                return ByteBuffer.wrap(header.value()).getLong();
            }
        }
        return -1;
    }

    /** Publishes the input (not yet acknowledged; see {@link #flush}); returns its stream seq. */
    public long publish(Event event) {
        long numbered = ++seq;
        String line = json.write(event);
        send(topics.portfolioTopic(), 0, numbered, line);
        int route = partitions.route(event);
        if (route == AssetPartitions.EVERY) {
            for (int partition = 0; partition < partitions.count(); partition++) {
                send(topics.eventsTopic(), partition, numbered, line);
            }
        } else if (route != AssetPartitions.NONE) {
            send(topics.eventsTopic(), route, numbered, line);
        }
        return numbered;
    }

    private void send(String topic, int partition, long numbered, String line) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SEQ_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(numbered).array());
        producer.send(new ProducerRecord<>(topic, partition, (String) null, line, headers), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** Waits until every input published so far is acknowledged; throws if one was not. */
    public void flush() {
        producer.flush();
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("an input was not published to " + topics.eventsTopic() + " and " + topics.portfolioTopic() + ": "
                    + failed.getMessage(), failed);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
