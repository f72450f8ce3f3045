package io.ballast.connectors.kafka;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.Event;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Journals the event lines of an inputs topic (fills and obligations from the trading system, prices,
 * bridge transfers, positions), from a thread of its own. Each message is submitted with its
 * topic-partition as the source and its offset as the position, so a message delivered again after a
 * crash or a rebalance is recognised and taken once. Offsets are committed only after the engine has
 * journalled (or refused) every message below them.
 *
 * <p>A message that is not a valid event goes to the dead-letter topic as it came, with headers giving
 * the reason and its original topic, partition and offset; its offset is committed only once the
 * dead-letter topic has it, and the stream goes on. If the engine cannot take an event at all, nothing
 * past it is committed and the consumer starts over from the committed offsets after a pause.
 */
public final class KafkaInputs extends RestartingWorker {

    public static final String REASON_HEADER = "ballast-dead-letter-reason";
    public static final String TOPIC_HEADER = "ballast-original-topic";
    public static final String PARTITION_HEADER = "ballast-original-partition";
    public static final String OFFSET_HEADER = "ballast-original-offset";

    /** What the consumer has done. */
    public record Stats(long journalled, long repeats, long deadLettered, long restarts, String lastError) {
    }

    private final InputSink sink;
    private final EventJson json;
    private final InputSettings settings;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private long journalled;
    private long repeats;
    private long deadLettered;

    private KafkaInputs(InputSink sink, EventJson json, InputSettings settings) {
        super("ballast-kafka-inputs", settings.retryBackoff());
        this.sink = sink;
        this.json = json;
        this.settings = settings;
    }

    public static KafkaInputs start(InputSink sink, EventJson json, InputSettings settings) {
        KafkaInputs inputs = new KafkaInputs(sink, json, settings);
        inputs.start();
        return inputs;
    }

    public synchronized Stats stats() {
        return new Stats(journalled, repeats, deadLettered, restarts(), lastError());
    }

    @Override
    protected void session() {
        try (KafkaConsumer<byte[], byte[]> opened = new KafkaConsumer<>(consumerConfig(settings, settings.groupId()));
             DeadLetters deadLetters = new DeadLetters(settings)) {
            consumer = opened;
            opened.subscribe(List.of(settings.inputsTopic()));
            while (running()) {
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : opened.poll(settings.pollTimeout())) {
                    take(record, deadLetters);
                    done.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                }
                if (!done.isEmpty()) {
                    opened.commitSync(done);
                }
            }
        } catch (WakeupException stopping) {
            // close() cut the poll short: nothing past the last commit was taken without being journalled
        } finally {
            consumer = null;
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record, DeadLetters deadLetters) {
        boolean taken;
        try {
            taken = sink.submit(sourceOf(record), record.offset(), eventOf(record, json));
        } catch (IllegalArgumentException refused) {
            deadLetters.send(record, refused.getMessage());
            synchronized (this) {
                deadLettered++;
            }
            return;
        }
        synchronized (this) {
            if (taken) {
                journalled++;
            } else {
                repeats++;
            }
        }
    }

    /** The source of an input message: its topic-partition ({@code kafka:<topic>/<partition>}); its offset is its position there. */
    static String sourceOf(ConsumerRecord<?, ?> record) {
        return sourceOf(record.topic(), record.partition());
    }

    static String sourceOf(String topic, int partition) {
        return "kafka:" + topic + "/" + partition;
    }

    /** The event an input message holds (an event line in UTF-8); IllegalArgumentException says why it holds none. */
    static Event eventOf(ConsumerRecord<byte[], byte[]> record, EventJson json) {
        byte[] value = record.value();
        if (value == null) {
            throw new IllegalArgumentException("empty message (no value)");
        }
        try {
            return json.read(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8 text");
        }
    }

    /** A consumer of the inputs topic: bytes in, read_committed, offsets committed only by hand (in {@code groupId}, or none). */
    static Map<String, Object> consumerConfig(InputSettings settings, String groupId) {
        Map<String, Object> config = new HashMap<>(settings.consumerProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ballast-inputs");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    @Override
    protected void interrupt() {
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /** Stops polling; what was journalled and not yet committed is taken again, and recognised, on the next start. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
