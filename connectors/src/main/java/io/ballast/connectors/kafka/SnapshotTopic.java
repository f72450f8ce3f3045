package io.ballast.connectors.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The partitions' snapshots on a compacted topic, in chunks: a snapshot outgrows Kafka's message
 * size (1 MB by default) long before it outgrows a node. A snapshot is content-named by its length
 * and CRC32C; its chunks go out under keys {@code partition-<n>/<name>/<i>}, then, once every chunk is
 * acknowledged, its manifest under {@code partition-<n>} (compaction keeps the newest), and then
 * tombstones for the chunks of the snapshot it replaces, so the topic holds one snapshot per partition.
 *
 * <p>Manifest layout, version 1, big-endian: {@code u8 version, i64 length, i32 chunks, i64 crc32c}.
 */
public final class SnapshotTopic implements AutoCloseable {

    static final int CHUNK_BYTES = 512 * 1024;
    /** Reading a partition's snapshot (the whole topic) gives up after this, rather than hold its partition closed for good. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    private static final byte VERSION = 1;
    private static final int MANIFEST_BYTES = 1 + Long.BYTES + Integer.BYTES + Long.BYTES;

    /** What a manifest says: the snapshot's length, chunk count and checksum (which also name it). */
    private record Manifest(long length, int chunks, long crc) {

        String name() {
            return length + "-" + Long.toHexString(crc);
        }

        byte[] encode() {
            return ByteBuffer.allocate(MANIFEST_BYTES).put(VERSION).putLong(length).putInt(chunks).putLong(crc).array();
        }

        static Manifest decode(String topic, byte[] bytes) {
            if (bytes.length != MANIFEST_BYTES || bytes[0] != VERSION) {
                throw new IllegalStateException(topic + ": a snapshot manifest of " + bytes.length + " bytes, version "
                        + (bytes.length > 0 ? bytes[0] : -1) + "; this build reads version " + VERSION);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, MANIFEST_BYTES - 1);
            return new Manifest(buffer.getLong(), buffer.getInt(), buffer.getLong());
        }
    }

    private final String bootstrapServers;
    private final String topic;
    private final Producer<byte[], byte[]> producer;
    /** Each partition's snapshot in the topic now, as last read or written here: its chunks are tombstoned once replaced. */
    private final Map<Integer, Manifest> current = new ConcurrentHashMap<>();

    public SnapshotTopic(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        Map<String, Object> overrides = Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * CHUNK_BYTES);
        this.producer = new KafkaProducer<>(ReliableProducer.config(overrides, bootstrapServers, "ballast-partition-snapshots",
                ByteArraySerializer.class));
    }

    /** Publishes the partition's snapshot and returns once it is whole in the topic (chunks, then manifest). */
    public void publish(int partition, byte[] snapshot) {
        CRC32C crc = new CRC32C();
        crc.update(snapshot);
        int chunks = Math.max(1, (snapshot.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        Manifest manifest = new Manifest(snapshot.length, chunks, crc.getValue());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            byte[] chunk = Arrays.copyOfRange(snapshot, i * CHUNK_BYTES, Math.min(snapshot.length, (i + 1) * CHUNK_BYTES));
            sent.add(producer.send(record(chunkKey(partition, manifest, i), chunk)));
        }
        awaitAll(sent, partition, "chunks");
        awaitAll(List.of(producer.send(record(key(partition), manifest.encode()))), partition, "manifest");
        Manifest replaced = current.put(partition, manifest);
        if (replaced != null && !replaced.equals(manifest)) {
            List<Future<RecordMetadata>> tombstones = new ArrayList<>();
            for (int i = 0; i < replaced.chunks(); i++) {
                tombstones.add(producer.send(record(chunkKey(partition, replaced, i), null)));
            }
            awaitAll(tombstones, partition, "tombstones of the snapshot before");
        }
    }

    /**
     * Reads the topic to its end and puts the partition's newest snapshot together; empty when it has
     * none. A manifest whose chunks are not all there, or do not add up to it, is an error: starting
     * the partition from nothing instead could need inputs the events topic no longer holds.
     */
    public Optional<byte[]> latest(int partition) {
        String manifestKey = key(partition);
        Map<String, byte[]> records = new HashMap<>(); // the partition's manifest and chunks, the newest of each key
        TopicToEnd.read(bootstrapServers, topic, READ_TIMEOUT, record -> {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (key.equals(manifestKey) || key.startsWith(manifestKey + "/")) {
                records.put(key, record.value());
            }
        });
        byte[] manifestBytes = records.get(manifestKey);
        if (manifestBytes == null) {
            return Optional.empty();
        }
        Manifest manifest = Manifest.decode(topic, manifestBytes);
        byte[] snapshot = assemble(partition, manifest, records);
        current.put(partition, manifest);
        return Optional.of(snapshot);
    }

    private byte[] assemble(int partition, Manifest manifest, Map<String, byte[]> chunks) {
        ByteBuffer whole = ByteBuffer.allocate(Math.toIntExact(manifest.length()));
        for (int i = 0; i < manifest.chunks(); i++) {
            byte[] chunk = chunks.get(chunkKey(partition, manifest, i));
            if (chunk == null || chunk.length > whole.remaining()) {
                throw new IllegalStateException(topic + ": the snapshot of partition " + partition + " (" + manifest.name() + ") lacks chunk "
                        + i + " of " + manifest.chunks() + (chunk == null ? "" : " (or it overruns the length)"));
            }
            whole.put(chunk);
        }
        CRC32C crc = new CRC32C();
        crc.update(whole.array());
        if (whole.hasRemaining() || crc.getValue() != manifest.crc()) {
            throw new IllegalStateException(topic + ": the snapshot of partition " + partition + " (" + manifest.name()
                    + ") does not match its manifest: " + whole.position() + " bytes, crc32c " + Long.toHexString(crc.getValue()));
        }
        return whole.array();
    }

    private void awaitAll(List<Future<RecordMetadata>> sent, int partition, String what) {
        try {
            for (Future<RecordMetadata> send : sent) {
                send.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing the snapshot of partition " + partition, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the snapshot of partition " + partition + " was not published (" + what + "): " + e.getCause(), e);
        }
    }

    private static String key(int partition) {
        return "partition-" + partition;
    }

    private static String chunkKey(int partition, Manifest manifest, int chunk) {
        return key(partition) + "/" + manifest.name() + "/" + chunk;
    }

    private ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    @Override
    public void close() {
        producer.close();
    }
}
