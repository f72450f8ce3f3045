package io.ballast.connectors.kafka;

import io.ballast.engine.DecisionJournal;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.journal.JournalDecision;
import io.ballast.engine.journal.JournalFollower;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the journal's decisions to Kafka, in journal order, from a thread of its own: alerts to the
 * alerts topic, orders to the actions topic ({@link ActionMode#PUBLISH}) or the proposals topic
 * (monitor-only). The key is the decision's subject, so one subject stays ordered on one partition; the
 * value is the JSON of DESIGN §6; headers carry the schema version, the decision id and its type.
 *
 * <p>The producer is idempotent with {@code acks=all}. The cursor moves, and is saved, only over decisions
 * Kafka acknowledged without a gap, so a crash re-sends at most what was not yet acknowledged. When a send
 * fails (the broker down past the delivery timeout), the outbox drops its producer and starts again from
 * the cursor after a pause, so order per key holds; the risk pipeline never waits: decisions stay in the
 * journal until Kafka takes them.
 */
public final class DecisionOutbox extends RestartingWorker {

    public static final String SCHEMA_VERSION = "1";
    public static final String SCHEMA_VERSION_HEADER = "ballast-schema-version";
    public static final String ID_HEADER = "ballast-decision-id";
    public static final String TYPE_HEADER = "ballast-decision-type";

    /** What the outbox has done; {@code lag} is decisions journalled and not yet acknowledged. */
    public record Stats(long sent, long acknowledgedSeq, long lag, long restarts, String lastError) {
    }

    private final DecisionJournal journal;
    private final DecisionJson json;
    private final OutboxSettings settings;
    private final OutboxCursor cursor;

    /** Decisions sent and not yet acknowledged (seq to journal index), and which of them Kafka has acknowledged. */
    private final TreeMap<Long, Long> unacknowledged = new TreeMap<>();
    private final TreeSet<Long> acknowledged = new TreeSet<>();
    private RuntimeException failure;
    private long sent;

    /** Where orders go now: switched live by the operator (action mode, kill switch), read per order. */
    private volatile ActionMode actionMode;

    private DecisionOutbox(DecisionJournal journal, DecisionJson json, OutboxSettings settings) {
        super("ballast-outbox", settings.retryBackoff());
        this.journal = journal;
        this.actionMode = settings.actionMode();
        this.json = json;
        this.settings = settings;
        this.cursor = new OutboxCursor(settings.cursorFile());
    }

    /** Starts publishing the decisions of {@code journal} after the cursor's position. */
    public static DecisionOutbox start(DecisionJournal journal, DecisionJson json, OutboxSettings settings) {
        DecisionOutbox outbox = new DecisionOutbox(journal, json, settings);
        outbox.start();
        return outbox;
    }

    public synchronized Stats stats() {
        long acked = cursor.position().seq();
        return new Stats(sent, acked, Math.max(0, journal.lastDecisionSeq() - acked), restarts(), lastError());
    }

    @Override
    protected void session() {
        OutboxCursor.Position from = resetWindow();
        try (Producer<String, String> producer = new KafkaProducer<>(producerConfig());
             JournalFollower<JournalDecision> decisions = journal.followDecisions(from.index())) {
            publish(producer, decisions);
            // Stopping: give Kafka time to acknowledge what is in flight. Failing: drop it, start over from the cursor.
            producer.close(running() ? Duration.ZERO : settings.deliveryTimeout());
        }
    }

    private void publish(Producer<String, String> producer, JournalFollower<JournalDecision> decisions) {
        // Nothing new, or too much unacknowledged: the follower waits without spinning.
        decisions.follow(decision -> send(producer, decision), () -> running() && failure() == null,
                () -> outstanding() < settings.maxUnacknowledged());
        RuntimeException failed = failure();
        if (failed != null) {
            failed(failed);
        }
    }

    private void send(Producer<String, String> producer, JournalDecision journalled) {
        Decision decision = journalled.decision();
        ProducerRecord<String, String> record = message(topicOf(decision), decision, json);
        long seq = journalled.seq();
        synchronized (this) {
            unacknowledged.put(seq, journalled.index());
            sent++;
        }
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                acknowledged(seq);
            } else {
                sendFailed(new IllegalStateException("decision " + decision.id() + " was not acknowledged: " + error, error));
            }
        });
    }

    /** The Kafka message of a decision: key the subject, value its JSON, headers its schema version, id and type. */
    public static ProducerRecord<String, String> message(String topic, Decision decision, DecisionJson json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SCHEMA_VERSION_HEADER, SCHEMA_VERSION.getBytes(StandardCharsets.UTF_8));
        headers.add(ID_HEADER, decision.id().getBytes(StandardCharsets.UTF_8));
        headers.add(TYPE_HEADER, DecisionJson.typeOf(decision).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, decision.subject(), json.write(decision), headers);
    }

    private String topicOf(Decision decision) {
        if (decision instanceof Alert) {
            return settings.alertsTopic();
        }
        return actionMode == ActionMode.PUBLISH ? settings.actionsTopic() : settings.proposalsTopic();
    }

    /**
     * Sends the orders published from now on to the actions topic ({@link ActionMode#PUBLISH}) or the
     * proposals topic: how an operator's mode switch or kill switch takes effect without a restart.
     */
    public void actionMode(ActionMode mode) {
        this.actionMode = mode;
    }

    /** Marks a decision acknowledged and moves the cursor over every acknowledged one without a gap before it. */
    private synchronized void acknowledged(long seq) {
        if (!unacknowledged.containsKey(seq)) {
            return; // from a producer already given up on
        }
        acknowledged.add(seq);
        OutboxCursor.Position moved = null;
        while (!unacknowledged.isEmpty() && acknowledged.contains(unacknowledged.firstKey())) {
            Map.Entry<Long, Long> first = unacknowledged.pollFirstEntry();
            acknowledged.remove(first.getKey());
            moved = new OutboxCursor.Position(first.getKey(), first.getValue());
        }
        if (moved != null) {
            cursor.save(moved);
        }
    }

    private synchronized void sendFailed(RuntimeException error) {
        if (failure == null) {
            failure = error;
        }
    }

    private synchronized RuntimeException failure() {
        return failure;
    }

    private synchronized int outstanding() {
        return unacknowledged.size();
    }

    /** Forgets what the last producer had in flight; sending starts again after the cursor. */
    private synchronized OutboxCursor.Position resetWindow() {
        unacknowledged.clear();
        acknowledged.clear();
        failure = null;
        return cursor.position();
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = ReliableProducer.config(settings.producerProperties(), settings.bootstrapServers(),
                "ballast-outbox", StringSerializer.class);
        long timeoutMs = settings.deliveryTimeout().toMillis();
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // the most idempotence keeps in order
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeoutMs / 2));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        return config;
    }

    /**
     * Stops after giving Kafka up to the delivery timeout to acknowledge what was sent. Decisions journalled
     * and not yet sent stay in the journal: the next outbox on the same cursor sends them.
     */
    @Override
    public void close() {
        stop(settings.deliveryTimeout().multipliedBy(2).plusSeconds(5));
        synchronized (this) {
            cursor.close();
        }
    }
}
