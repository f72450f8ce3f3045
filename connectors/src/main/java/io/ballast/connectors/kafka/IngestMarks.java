package io.ballast.connectors.kafka;

import io.ballast.engine.event.BlockObserved;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where a cluster's ingest stands, kept in the ingest topic (compacted, one partition) and written in
 * the same transaction as the inputs it describes, so the next ingest — on whatever node — resumes
 * exactly after what was committed. Records, one per key, the newest winning:
 * <ul>
 *   <li>{@code seq}: the stream seq of the last input, a decimal;</li>
 *   <li>{@code source:<source>}: the last position published from that source, a decimal;</li>
 *   <li>{@code blocks:<chain>}: the chain's newest {@value #BLOCKS_KEPT} blocks published, a line
 *       {@code <number> <hash>} each, oldest first (from them a chain's source checks where its node's chain
 *       and the stream part, after a move or a reorg).</li>
 * </ul>
 */
final class IngestMarks {

    static final int BLOCKS_KEPT = 64;
    private static final String SEQ = "seq";
    private static final String SOURCE = "source:";
    private static final String BLOCKS = "blocks:";

    private long seq;
    private final Map<String, Long> positions = new HashMap<>();
    private final Map<String, TreeMap<Long, String>> blocks = new HashMap<>();
    /** Keys changed since the last {@link #drainChanged}, in a stable order. */
    private final TreeSet<String> changed = new TreeSet<>();

    long seq() {
        return seq;
    }

    long nextSeq() {
        changed.add(SEQ);
        return ++seq;
    }

    /** The last position published from {@code source}, or -1. */
    long position(String source) {
        return positions.getOrDefault(source, -1L);
    }

    void published(String source, long position) {
        positions.put(source, position);
        changed.add(SOURCE + source);
    }

    /** A block published: it replaces the chain's blocks from its number up (a reorg retracts them). */
    void published(BlockObserved block) {
        TreeMap<Long, String> chain = blocks.computeIfAbsent(block.chain(), name -> new TreeMap<>());
        chain.tailMap(block.number(), true).clear();
        chain.put(block.number(), block.hash());
        while (chain.size() > BLOCKS_KEPT) {
            chain.pollFirstEntry();
        }
        changed.add(BLOCKS + block.chain());
    }

    SortedMap<Long, String> blocks(String chain) {
        return new TreeMap<>(blocks.getOrDefault(chain, new TreeMap<>()));
    }

    /** The records that say what changed since the last call, as key → value. */
    Map<String, String> drainChanged() {
        Map<String, String> records = new TreeMap<>();
        for (String key : changed) {
            records.put(key, encode(key));
        }
        changed.clear();
        return records;
    }

    private String encode(String key) {
        if (key.equals(SEQ)) {
            return Long.toString(seq);
        }
        if (key.startsWith(SOURCE)) {
            return Long.toString(positions.get(key.substring(SOURCE.length())));
        }
        StringBuilder lines = new StringBuilder();
        blocks.get(key.substring(BLOCKS.length())).forEach((number, hash) -> lines.append(number).append(' ').append(hash).append('\n'));
        return lines.toString();
    }

    /** Reads the marks committed to the ingest topic (none if it is empty). */
    static IngestMarks read(String bootstrapServers, String topic) {
        IngestMarks marks = new IngestMarks();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + partition + " to its end in 30 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    marks.take(record.key(), record.value(), partition, record.offset());
                }
            }
        }
        return marks;
    }

    private void take(String key, String value, TopicPartition partition, long offset) {
        try {
            if (key.equals(SEQ)) {
                seq = Long.parseLong(value);
            } else if (key.startsWith(SOURCE)) {
                positions.put(key.substring(SOURCE.length()), Long.parseLong(value));
            } else if (key.startsWith(BLOCKS)) {
                TreeMap<Long, String> chain = new TreeMap<>();
                for (String line : value.split("\n")) {
                    if (!line.isEmpty()) {
                        String[] numberAndHash = line.split(" ", 2);
                        chain.put(Long.parseLong(numberAndHash[0]), numberAndHash[1]);
                    }
                }
                blocks.put(key.substring(BLOCKS.length()), chain);
            } else {
                throw new IllegalArgumentException("unknown key");
            }
        } catch (RuntimeException e) {
            // Only an ingest writes here: a record it cannot read means the topic is not this cluster's ingest topic.
            throw new IllegalStateException(partition + "@" + offset + ": not an ingest mark (key " + key + "): " + e.getMessage(), e);
        }
    }
}
