package io.ballast.connectors.kafka;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.route.AssetPartitions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ingest's end of a cluster's events log: every input numbered in the stream and published, as
 * its event line (docs/events.md), to the partitions {@link AssetPartitions} routes it to — a copy to
 * each when it goes everywhere (an input no asset partition takes, a position or an obligation, to
 * none) — and every input to the portfolio topic, whose one partition is the whole stream in order.
 * Inputs are published in Kafka transactions, committed at each {@link #flush}, and read
 * {@code read_committed}: a publisher that dies leaves no partition with inputs the others lack. One
 * publisher at a time: a new one fences the one before. Each transaction also records where the
 * ingest stands ({@link IngestMarks}: the last seq, each source's position, each chain's newest
 * blocks), so the next publisher numbers on and its sources resume exactly after what was committed.
 */
public final class EventsTopic implements AutoCloseable {

    /** Header of each record: its input's place in the whole stream, 8 bytes big-endian, from 1. */
    public static final String SEQ_HEADER = "ballast-seq";
    /** Headers of a record whose publisher resumes by them: its source and its place there (8 bytes big-endian). */
    public static final String SOURCE_HEADER = "ballast-source";
    public static final String POSITION_HEADER = "ballast-position";

    private static final System.Logger LOG = System.getLogger(EventsTopic.class.getName());

    private final PartitionTopics topics;
    private final AssetPartitions partitions;
    private final EventJson json;
    private final Producer<String, String> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final IngestMarks marks;
    private boolean inTransaction;
    /** Set when a commit failed: what this publisher believes published is no longer what the log holds. */
    private boolean broken;

    /**
     * Opens the ingest: fences any earlier publisher of these topics and aborts what it left
     * uncommitted, then reads where the ingest stands to number on from the last input committed.
     */
    public EventsTopic(PartitionTopics topics, EventJson json) {
        this.topics = topics;
        this.partitions = new AssetPartitions(topics.partitions());
        this.json = json;
        // Event lines are small and come in bursts: large batches, compressed, carry them in few requests.
        Map<String, Object> settings = Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ballast-ingest-" + topics.eventsTopic(),
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(15).toMillis()); // the broker's longest by default
        this.producer = new KafkaProducer<>(ReliableProducer.config(settings, topics.bootstrapServers(), "ballast-ingest",
                StringSerializer.class));
        producer.initTransactions();
        this.marks = IngestMarks.read(topics.bootstrapServers(), topics.ingestTopic());
    }

    /** The stream seq of the last input published (committed, or in the transaction under way); 0 for none. */
    public long lastSeq() {
        return marks.seq();
    }

    /** The last position published from {@code source} (committed, or in the transaction under way), or -1 for none. */
    public long position(String source) {
        return marks.position(source);
    }

    /** The chain's newest blocks published (hashes by number), where a source of the chain resumes from. */
    public SortedMap<Long, String> knownBlocks(String chain) {
        return marks.blocks(chain);
    }

    /** The stream seq of a record of the log (-1 for a record without one). */
    public static long seqOf(Headers headers) {
        return longHeader(headers, SEQ_HEADER);
    }

    /** A record's position in its publisher's source (-1 for none given). */
    public static long positionOf(Headers headers) {
        return longHeader(headers, POSITION_HEADER);
    }

    private static long longHeader(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? -1 : ByteBuffer.wrap(header.value()).getLong();
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    /** Publishes the input in the transaction under way (none of it visible until {@link #flush}); returns its stream seq. */
    public long publish(Event event) {
        return publish(event, null, -1);
    }

    /**
     * Publishes the input as {@link #publish(Event)} does, marked with its {@code source} and its
     * {@code position} there, which {@link #position} gives back to the next ingest.
     */
    public long publish(Event event, String source, long position) {
        openTransaction();
        long numbered = marks.nextSeq();
        if (source != null) {
            marks.published(source, position);
        }
        if (event instanceof BlockObserved block) {
            marks.published(block);
        }
        String line = json.write(event);
        RecordHeaders headers = new RecordHeaders();
        headers.add(SEQ_HEADER, longBytes(numbered));
        if (source != null) {
            headers.add(SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
            headers.add(POSITION_HEADER, longBytes(position));
        }
        send(topics.portfolioTopic(), 0, null, line, headers);
        int route = partitions.route(event);
        if (route == AssetPartitions.EVERY) {
            for (int partition = 0; partition < partitions.count(); partition++) {
                send(topics.eventsTopic(), partition, null, line, headers);
            }
        } else if (route != AssetPartitions.NONE) {
            send(topics.eventsTopic(), route, null, line, headers);
        }
        return numbered;
    }

    /**
     * Spends {@code position} of {@code source} without an input (a message refused to the dead letters):
     * it is recorded with the inputs, so the next ingest resumes after it.
     */
    public void pass(String source, long position) {
        openTransaction();
        marks.published(source, position);
    }

    private void openTransaction() {
        if (broken) {
            throw new IllegalStateException("a commit to " + topics.eventsTopic() + " failed: close this publisher and open another");
        }
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
        }
    }

    private void send(String topic, int partition, String key, String value, RecordHeaders headers) {
        producer.send(new ProducerRecord<>(topic, partition, key, value, headers), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /**
     * Commits what was published since the last flush, all of it or none: every partition's log holds
     * the same inputs, whatever happens to this process. Throws, having aborted, if an input was not
     * acknowledged; this publisher is then done with (close it and open another, which starts from what
     * was committed).
     */
    public void flush() {
        if (!inTransaction) {
            return;
        }
        marks.drainChanged().forEach((key, value) -> send(topics.ingestTopic(), 0, key, value, new RecordHeaders()));
        producer.flush();
        Exception failed = failure.get();
        if (failed != null) {
            broken = true;
            producer.abortTransaction();
            inTransaction = false;
            throw new IllegalStateException("an input was not published to " + topics.eventsTopic() + " and " + topics.portfolioTopic()
                    + " (none of those since the last flush were): " + failed.getMessage(), failed);
        }
        try {
            producer.commitTransaction();
        } catch (KafkaException e) {
            broken = true;
            throw e;
        }
        inTransaction = false;
    }

    /** Closes the producer; what was published since the last {@link #flush} is aborted (by the broker, if this publisher was fenced). */
    @Override
    public void close() {
        try {
            if (inTransaction) {
                producer.abortTransaction();
            }
        } catch (KafkaException fencedOrFailed) {
            LOG.log(System.Logger.Level.WARNING, "could not abort the ingest's open transaction (the broker will): " + fencedOrFailed.getMessage());
        } finally {
            producer.close();
        }
    }
}
