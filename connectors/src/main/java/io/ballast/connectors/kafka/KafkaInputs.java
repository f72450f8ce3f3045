package io.ballast.connectors.kafka;

import io.ballast.engine.codec.EventJson;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

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

    private static final System.Logger LOG = System.getLogger(KafkaInputs.class.getName());

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
        try (KafkaConsumer<byte[], byte[]> opened = new KafkaConsumer<>(consumerConfig());
             KafkaProducer<byte[], byte[]> deadLetters = new KafkaProducer<>(producerConfig())) {
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

    private void take(ConsumerRecord<byte[], byte[]> record, KafkaProducer<byte[], byte[]> deadLetters) {
        String source = "kafka:" + record.topic() + "/" + record.partition();
        boolean taken;
        try {
            taken = sink.submit(source, record.offset(), json.read(utf8(record.value())));
        } catch (IllegalArgumentException refused) {
            deadLetter(record, refused.getMessage(), deadLetters);
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

    private static String utf8(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("empty message (no value)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8 text");
        }
    }

    /** Sends the message as it came to the dead-letter topic and waits until Kafka has it. */
    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, KafkaProducer<byte[], byte[]> deadLetters) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(settings.deadLetterTopic(), null, record.key(), record.value());
        for (Header header : record.headers()) {
            letter.headers().add(header);
        }
        letter.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                .add(TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8))
                .add(PARTITION_HEADER, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
                .add(OFFSET_HEADER, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            deadLetters.send(letter).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("dead-letter topic did not take offset " + record.offset() + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering offset " + record.offset(), e);
        }
        LOG.log(System.Logger.Level.WARNING, record.topic() + "/" + record.partition() + "@" + record.offset()
                + " dead-lettered: " + reason);
        synchronized (this) {
            deadLettered++;
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(settings.consumerProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ballast-inputs");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** The dead-letter producer talks to the same cluster the same way: it takes the consumer's security settings. */
    private Map<String, Object> producerConfig() {
        Map<String, Object> security = new HashMap<>();
        settings.consumerProperties().forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                security.put(key, value);
            }
        });
        return ReliableProducer.config(security, settings.bootstrapServers(), "ballast-dead-letters", ByteArraySerializer.class);
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
