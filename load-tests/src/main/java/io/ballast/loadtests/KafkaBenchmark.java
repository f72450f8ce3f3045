package io.ballast.loadtests;

import static io.ballast.loadtests.BenchmarkArgs.arg;
import static io.ballast.loadtests.BenchmarkArgs.putLatency;
import static io.ballast.loadtests.BenchmarkArgs.rate;
import static io.ballast.loadtests.BenchmarkArgs.waitUntil;

import io.ballast.connectors.kafka.ActionMode;
import io.ballast.connectors.kafka.DecisionOutbox;
import io.ballast.connectors.kafka.OutboxSettings;
import io.ballast.engine.Ballast;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.decision.DecisionMaker;
import io.ballast.engine.decision.Scope;
import io.ballast.engine.decision.Severity;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * The outbox against a raw Kafka producer, in the same run, on one in-process KRaft broker on loopback
 * (the broker, the engine and the clients share the machine's 2 cores).
 *
 * <ul>
 *   <li>Throughput: N alerts already journalled, published by the outbox until Kafka acknowledged them all,
 *       beside a raw idempotent {@code acks=all} producer sending the same N messages (same keys, values,
 *       headers) and flushing.</li>
 *   <li>Latency: alerts made at a fixed rate while the outbox runs; from the planned send time of the event
 *       that caused each (so a stall delays every later one: no coordinated omission) to the moment a consumer
 *       receives it, into an HdrHistogram.</li>
 * </ul>
 * The final check: every decision arrives, each once.
 *
 * <p>Arguments: {@code --events=N} (default 100,000), {@code --rate=R} alerts/s for the latency phase
 * (default 5,000), {@code --out=DIR}.
 */
public final class KafkaBenchmark {

    private KafkaBenchmark() {
    }

    /** One alert per price: a decision stream whose messages look like real alerts. */
    private static final class AlertPerPrice implements DecisionMaker {
        @Override
        public void decide(Event event, ExposureState state, DecisionContext context) {
            if (event instanceof PriceObserved price) {
                TreeMap<String, String> fields = new TreeMap<>();
                fields.put("asset", price.asset());
                Scope scope = new Scope("asset", fields);
                context.emit(new Alert(context.nextId("price-band/" + scope.key()), "price-band", Severity.WARNING,
                        Alert.State.FIRING, scope, price.usd().doubleValue(), 3000.0, context.causeSeq(), price.timestamp(),
                        price.asset() + " at " + price.usd().toPlainString() + " USD, outside its band"));
            }
        }
    }

    private static final Pattern JOURNAL_SEQ = Pattern.compile("\"journalSeq\":(\\d+)");
    private static final String[] ASSETS = {"ETH", "WETH", "USDC", "USDT", "DAI", "WBTC"};

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(arg(args, "--events", "100000"));
        int rate = Integer.parseInt(arg(args, "--rate", "5000"));
        Path out = Path.of(arg(args, "--out", "load-tests/results"));
        Path scratch = Files.createTempDirectory("ballast-kafka-bench");
        Map<String, Object> results = new LinkedHashMap<>();
        try (KafkaClusterTestKit cluster = LocalBroker.start()) {
            String bootstrap = cluster.bootstrapServers();
            try (Admin admin = cluster.admin()) {
                admin.createTopics(List.of(new NewTopic("warmup", 3, (short) 1), new NewTopic("raw", 3, (short) 1), new NewTopic("ballast.alerts", 3, (short) 1),
                        new NewTopic("latency.alerts", 3, (short) 1))).all().get();
            }
            DecisionJson json = new DecisionJson(Catalogue.defaults());
            try (Ballast ballast = Ballast.builder().dataDirectory(scratch.resolve("throughput")).decisionMaker(new AlertPerPrice())
                    .build()) {
                List<Decision> decided = new ArrayList<>();
                try (Ballast.Subscription subscription = ballast.subscribe(decided::add)) {
                    for (int i = 0; i < count; i++) {
                        ballast.submit(price(i));
                    }
                }
                System.out.println("warming up the broker and the clients ...");
                rawProducer(bootstrap, "warmup", decided, json);
                System.out.println("raw producer, " + count + " messages ...");
                long rawNanos = rawProducer(bootstrap, "raw", decided, json);
                System.out.println("outbox, " + count + " decisions ...");
                long start = System.nanoTime();
                OutboxSettings settings = OutboxSettings.of(bootstrap, scratch.resolve("outbox.cursor"))
                        .withActionMode(ActionMode.PUBLISH);
                try (DecisionOutbox outbox = DecisionOutbox.start(ballast, json, settings)) {
                    while (outbox.stats().lag() > 0) {
                        Thread.sleep(1);
                    }
                    long outboxNanos = System.nanoTime() - start;
                    results.put("decisions", count);
                    results.put("rawProducerPerSecond", rate(count, rawNanos));
                    results.put("outboxPerSecond", rate(count, outboxNanos));
                    results.put("outboxVsRawProducer", Math.round(rawNanos * 1000.0 / outboxNanos) / 1000.0);
                }
                long delivered = countDistinctIds(bootstrap, "ballast.alerts", count);
                if (delivered != count) {
                    throw new IllegalStateException("outbox delivered " + delivered + " of " + count + " decisions");
                }
            }
            System.out.println("latency at " + rate + " alerts/s ...");
            results.putAll(latency(json, bootstrap, scratch, rate));
        } finally {
            Scratch.delete(scratch);
        }
        Report.write(out, "kafka-benchmark", results);
    }

    private static Event price(long i) {
        return new PriceObserved(ASSETS[(int) (i % ASSETS.length)], BigDecimal.valueOf(2000 + i % 997, 1), 1_700_000_000L + i, "bench");
    }

    /** Sends the same messages with a plain producer configured as the outbox's; returns the time until all are acknowledged. */
    private static long rawProducer(String bootstrap, String topic, List<Decision> decisions, DecisionJson json) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(decisions.size());
        for (Decision decision : decisions) {
            records.add(DecisionOutbox.message(topic, decision, json));
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            long start = System.nanoTime();
            records.forEach(producer::send);
            producer.flush();
            return System.nanoTime() - start;
        }
    }

    /** Alerts made at {@code rate}/s for 5 s with the outbox running; journalled → received, per alert. */
    private static Map<String, Object> latency(DecisionJson json, String bootstrap, Path scratch, int rate) throws Exception {
        long interval = 1_000_000_000L / rate;
        long[] start = {0};
        Histogram histogram = new Histogram(60_000_000_000L, 3);
        int total = rate * 5;
        AtomicBoolean consuming = new AtomicBoolean(true);
        CountDownLatch polling = new CountDownLatch(1);
        int[] received = {0};
        Thread consumer = new Thread(() -> {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                // Assigned, not subscribed: no group to join, so the clock does not include a rebalance.
                List<TopicPartition> partitions = List.of(new TopicPartition("latency.alerts", 0),
                        new TopicPartition("latency.alerts", 1), new TopicPartition("latency.alerts", 2));
                kafka.assign(partitions);
                kafka.seekToBeginning(partitions);
                partitions.forEach(kafka::position);
                polling.countDown();
                while (consuming.get() && received[0] < total) {
                    for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(5))) {
                        long now = System.nanoTime();
                        Matcher seq = JOURNAL_SEQ.matcher(record.value());
                        if (!seq.find()) {
                            throw new IllegalStateException("no journalSeq in " + record.value());
                        }
                        // The i-th input (journalSeq i + 1) was planned for start + i * interval.
                        histogram.recordValue(Math.max(0, now - (start[0] + (Long.parseLong(seq.group(1)) - 1) * interval)));
                        received[0]++;
                    }
                }
            }
        }, "latency-consumer");
        consumer.start();
        polling.await();
        OutboxSettings defaults = OutboxSettings.of(bootstrap, scratch.resolve("latency.cursor"));
        OutboxSettings settings = new OutboxSettings(bootstrap, "latency.alerts", defaults.actionsTopic(),
                defaults.proposalsTopic(), ActionMode.PUBLISH, defaults.cursorFile(), defaults.maxUnacknowledged(),
                defaults.deliveryTimeout(), defaults.retryBackoff(), defaults.producerProperties());
        try (Ballast ballast = Ballast.builder().dataDirectory(scratch.resolve("latency")).decisionMaker(new AlertPerPrice())
                .build();
             DecisionOutbox outbox = DecisionOutbox.start(ballast, json, settings)) {
            start[0] = System.nanoTime();
            for (int i = 0; i < total; i++) {
                waitUntil(start[0] + i * interval);
                ballast.submit(price(1_000_000 + i));
            }
            while (outbox.stats().lag() > 0) {
                Thread.sleep(1);
            }
        }
        consumer.join(60_000);
        consuming.set(false);
        if (histogram.getTotalCount() != total) {
            throw new IllegalStateException("the consumer received " + histogram.getTotalCount() + " of " + total + " alerts");
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("latencyRatePerSecond", rate);
        putLatency(results, "latency", histogram);
        results.put("latencySamples", histogram.getTotalCount());
        return results;
    }

    private static long countDistinctIds(String bootstrap, String topic, int expected) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ids.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    ids.add(new String(record.headers().lastHeader(DecisionOutbox.ID_HEADER).value(), StandardCharsets.UTF_8));
                }
            }
        }
        return ids.size();
    }
}
