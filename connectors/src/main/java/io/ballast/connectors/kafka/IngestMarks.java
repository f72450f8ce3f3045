package io.ballast.connectors.kafka;

import io.ballast.engine.event.BlockObserved;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

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
    /** Each source's last position, in a slot of its own: publishing an input allocates nothing here. */
    private final Map<String, long[]> positions = new HashMap<>();
    private final Map<String, TreeMap<Long, String>> blocks = new HashMap<>();
    /** What changed since the last {@link #drainChanged}. */
    private boolean seqChanged;
    private final Set<String> changedSources = new HashSet<>();
    private final Set<String> changedChains = new HashSet<>();

    long seq() {
        return seq;
    }

    long nextSeq() {
        seqChanged = true;
        return ++seq;
    }

    /** The last position published from {@code source}, or -1. */
    long position(String source) {
        long[] slot = positions.get(source);
        return slot == null ? -1 : slot[0];
    }

    void published(String source, long position) {
        positions.computeIfAbsent(source, newSource -> new long[1])[0] = position;
        changedSources.add(source);
    }

    /** A block published: it replaces the chain's blocks from its number up (a reorg retracts them). */
    void published(BlockObserved block) {
        TreeMap<Long, String> chain = blocks.computeIfAbsent(block.chain(), name -> new TreeMap<>());
        chain.tailMap(block.number(), true).clear();
        chain.put(block.number(), block.hash());
        while (chain.size() > BLOCKS_KEPT) {
            chain.pollFirstEntry();
        }
        changedChains.add(block.chain());
    }

    SortedMap<Long, String> blocks(String chain) {
        return new TreeMap<>(blocks.getOrDefault(chain, new TreeMap<>()));
    }

    /** The records that say what changed since the last call, as key → value, in key order. */
    Map<String, String> drainChanged() {
        Map<String, String> records = new TreeMap<>();
        if (seqChanged) {
            records.put(SEQ, Long.toString(seq));
        }
        changedSources.forEach(source -> records.put(SOURCE + source, Long.toString(position(source))));
        for (String chain : changedChains) {
            StringBuilder lines = new StringBuilder();
            blocks.get(chain).forEach((number, hash) -> lines.append(number).append(' ').append(hash).append('\n'));
            records.put(BLOCKS + chain, lines.toString());
        }
        seqChanged = false;
        changedSources.clear();
        changedChains.clear();
        return records;
    }

    /** Reads the marks committed to the ingest topic (none if it is empty). */
    static IngestMarks read(String bootstrapServers, String topic) {
        IngestMarks marks = new IngestMarks();
        TopicToEnd.read(bootstrapServers, topic, Duration.ofSeconds(30), record -> marks.take(new String(record.key(), StandardCharsets.UTF_8),
                new String(record.value(), StandardCharsets.UTF_8), record.topic() + "-" + record.partition(), record.offset()));
        return marks;
    }

    private void take(String key, String value, String partition, long offset) {
        try {
            if (key.equals(SEQ)) {
                seq = Long.parseLong(value);
            } else if (key.startsWith(SOURCE)) {
                positions.put(key.substring(SOURCE.length()), new long[] {Long.parseLong(value)});
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
