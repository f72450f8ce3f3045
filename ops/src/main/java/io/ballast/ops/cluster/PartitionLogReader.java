package io.ballast.ops.cluster;

import io.ballast.actors.cluster.PartitionEntity;
import io.ballast.actors.cluster.PartitionRecord;
import io.ballast.actors.cluster.PartitionSharding;
import io.ballast.connectors.kafka.EventsTopic;
import io.ballast.connectors.kafka.PartitionTopics;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.Event;
import io.ballast.engine.route.AssetPartitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.AskTimeoutException;

/**
 * Reads the events topic and the portfolio topic as one member of the cluster's consumer group: a
 * partition of the events topic feeds its asset partition, the portfolio topic's one partition the
 * portfolio. The partitions the group gives this node are placed here ({@link PartitionSharding#placeHere}) and opened, and the reader
 * seeks each to the offset its asset partition resumes from (so no offset is ever committed: the
 * partitions' snapshots say where they are). Each poll's records go to their partitions in offset
 * order, every partition taking its own at once, and the next poll waits until they are taken: a slow partition slows the reading, and
 * nothing is buffered without bound. A partition taken away is closed first (snapshot published).
 * A record that is not an event is logged with its partition, offset and why, and passed by.
 */
final class PartitionLogReader implements Runnable {

    private static final System.Logger LOG = System.getLogger(PartitionLogReader.class.getName());
    /** Long enough for the majority to down a lost node and sharding to move its partitions here. */
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    private static final long AWAIT_SLICE_MILLIS = 250;

    private final PartitionTopics topics;
    private final PartitionSharding sharding;
    private final AssetPartitions partitions;
    private final EventJson json;
    private final KafkaConsumer<String, String> consumer;
    /** True once this node's actor system is gone (left, or downed by the majority): its partitions answer no more. */
    private final BooleanSupplier systemGone;
    private final Map<Integer, Long> owned = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();
    /** When each partition here last published its snapshot (wall clock; 0: not since it came here). */
    private final Map<Integer, Long> snapshotAt = new ConcurrentHashMap<>();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile boolean running = true;

    PartitionLogReader(PartitionTopics topics, String group, PartitionSharding sharding, EventJson json, BooleanSupplier systemGone) {
        this.topics = topics;
        this.systemGone = systemGone;
        this.sharding = sharding;
        this.partitions = new AssetPartitions(topics.partitions());
        this.json = json;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // the ingest's transactions, whole or not at all
        // A node killed outright is noticed within seconds, so its partitions move soon.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_500);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) (MOVE_TIMEOUT.toMillis() * 3));
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** The asset partitions this node reads, each with the next offset it will take. */
    Map<Integer, Long> owned() {
        return new TreeMap<>(owned);
    }

    /** How many records each partition here is behind its log's end, as of the last poll. */
    Map<Integer, Long> lag() {
        return new TreeMap<>(lag);
    }

    /** When each partition here last published its snapshot, as of its last take (0: not since it came here). */
    Map<Integer, Long> snapshotAt() {
        return new TreeMap<>(snapshotAt);
    }

    long taken() {
        return taken.get();
    }

    long malformed() {
        return malformed.get();
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topics.eventsTopic(), topics.portfolioTopic()), new Placement());
        try {
            while (running) {
                take(consumer.poll(Duration.ofMillis(200)));
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(); // leaves the group: the partitions are revoked, so closed and snapshotted, first
        }
    }

    /** The asset partition a partition of the events topic feeds, or the portfolio, which the portfolio topic feeds. */
    private int partitionOf(TopicPartition topicPartition) {
        return topicPartition.topic().equals(topics.portfolioTopic()) ? partitions.portfolio() : topicPartition.partition();
    }

    /**
     * Refuses to resume a partition at an offset its log no longer holds (retention, or records deleted,
     * since its newest snapshot): seeking there would skip the inputs in between without a word.
     */
    static void requireLogHolds(Consumer<?, ?> consumer, TopicPartition topicPartition, long resumeAt, String partition) {
        long logStart = consumer.beginningOffsets(List.of(topicPartition)).get(topicPartition);
        if (resumeAt < logStart) {
            throw new IllegalStateException("partition " + partition + " resumes at offset " + resumeAt + " of " + topicPartition
                    + ", but the log starts at " + logStart + ": the inputs in between are gone (is the topic's retention shorter than"
                    + " the time between snapshots?); refusing to skip them");
        }
    }

    /** Stops reading; the partitions are closed and the group left on the reader's thread. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    /**
     * Hands each partition its records of the poll, all partitions at once (each takes them on its own actor), and waits for all.
     * An input that goes to every partition comes once in each log: it is read once a poll (events are immutable, shared by all).
     */
    private void take(ConsumerRecords<String, String> records) {
        Map<Integer, List<PartitionRecord>> batches = new TreeMap<>();
        Map<Long, Event> readBySeq = new HashMap<>();
        for (TopicPartition topicPartition : records.partitions()) {
            int partition = partitionOf(topicPartition);
            List<PartitionRecord> batch = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records.records(topicPartition)) {
                long seq = EventsTopic.seqOf(record.headers());
                Event event = readBySeq.get(seq);
                if (event == null) {
                    try {
                        event = json.read(record.value());
                    } catch (IllegalArgumentException e) {
                        malformed.incrementAndGet();
                        LOG.log(System.Logger.Level.WARNING, topicPartition + "@" + record.offset() + ": " + e.getMessage());
                        continue;
                    }
                    if (seq > 0) {
                        readBySeq.put(seq, event);
                    }
                }
                if (partitions.takes(partition, event)) {
                    batch.add(new PartitionRecord(record.offset(), seq, event));
                }
            }
            if (!batch.isEmpty()) {
                batches.put(partition, batch);
            }
        }
        Map<Integer, CompletionStage<PartitionEntity.Taken>> replies = new TreeMap<>();
        batches.forEach((partition, batch) -> replies.put(partition, sharding.partition(partition).ask(
                replyTo -> new PartitionEntity.Take(batch, replyTo), ASK_TIMEOUT)));
        replies.forEach((partition, reply) -> {
            PartitionEntity.Taken done = awaitOrAskAgain(partition, reply, replyTo -> new PartitionEntity.Take(batches.get(partition), replyTo),
                    "take inputs");
            done.rejected().forEach(reason -> LOG.log(System.Logger.Level.WARNING, "rejected " + reason));
            snapshotAt.put(partition, done.snapshotAtMillis());
            taken.addAndGet(batches.get(partition).size());
        });
        // The consumer's position, not the last record's offset + 1: transaction markers take offsets too.
        for (TopicPartition topicPartition : consumer.assignment()) {
            int partition = partitionOf(topicPartition);
            owned.computeIfPresent(partition, (p, next) -> consumer.position(topicPartition));
            consumer.currentLag(topicPartition).ifPresent(behind -> lag.put(partition, behind));
        }
    }

    private <T> T ask(int partition, Function<ActorRef<T>, PartitionEntity.Command> message, String what) {
        return awaitOrAskAgain(partition, sharding.partition(partition).ask(message::apply, ASK_TIMEOUT), message, what);
    }

    /**
     * The reply, or the reply to the message asked again every {@link #ASK_TIMEOUT} until
     * {@link #MOVE_TIMEOUT}: while a partition moves (its old node just lost, the hand-off under way) a
     * message may find no one, and every message of the protocol may be repeated (a repeated input is
     * dropped by offset).
     */
    private <T> T awaitOrAskAgain(int partition, CompletionStage<T> first, Function<ActorRef<T>, PartitionEntity.Command> message, String what) {
        long deadline = System.nanoTime() + MOVE_TIMEOUT.toNanos();
        CompletionStage<T> reply = first;
        while (true) {
            try {
                return await(reply, what + " of partition " + partitions.name(partition));
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof ExecutionException failed && failed.getCause() instanceof AskTimeoutException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.log(System.Logger.Level.INFO, "partition " + partitions.name(partition) + " did not answer in " + ASK_TIMEOUT.toSeconds()
                        + " s (moving?); asking again");
                reply = sharding.partition(partition).ask(message::apply, ASK_TIMEOUT);
            }
        }
    }

    /** The reply, waited for in short slices so that a node whose actor system is gone gives up at once. */
    private <T> T await(CompletionStage<T> reply, String what) {
        CompletableFuture<T> future = reply.toCompletableFuture();
        while (true) {
            try {
                return future.get(AWAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting to " + what, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not " + what + ": " + e.getCause(), e);
            } catch (TimeoutException e) {
                if (systemGone.getAsBoolean()) {
                    throw new IllegalStateException("could not " + what + ": this node left the cluster", e);
                }
            }
        }
    }

    /** Places, opens and seeks the partitions the group gives this node; closes those it takes away. */
    private final class Placement implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            for (TopicPartition topicPartition : assigned) {
                int partition = partitionOf(topicPartition);
                await(sharding.placeHere(partition), "place partition " + partition + " here");
                PartitionEntity.Opened opened = ask(partition, PartitionEntity.Open::new, "open");
                requireLogHolds(consumer, topicPartition, opened.nextOffset(), partitions.name(partition));
                consumer.seek(topicPartition, opened.nextOffset());
                owned.put(partition, opened.nextOffset());
                LOG.log(System.Logger.Level.INFO, "reading partition " + partitions.name(partition) + " from offset " + opened.nextOffset());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            for (TopicPartition topicPartition : revoked) {
                int partition = partitionOf(topicPartition);
                ask(partition, PartitionEntity.Close::new, "close");
                forget(partition);
                LOG.log(System.Logger.Level.INFO, "handed partition " + partitions.name(partition) + " over");
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            // Another node owns them already: it starts from their last snapshot; nothing here to hand over.
            lost.forEach(topicPartition -> forget(partitionOf(topicPartition)));
        }

        private void forget(int partition) {
            owned.remove(partition);
            lag.remove(partition);
            snapshotAt.remove(partition);
        }
    }
}
