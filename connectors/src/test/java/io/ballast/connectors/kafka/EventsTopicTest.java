package io.ballast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.route.AssetPartitions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingest's end of a cluster's log on a real broker: routing by asset, the stream in order, and transactions. */
class EventsTopicTest {

    private static final int PARTITIONS = 3;

    private final KafkaBroker kafka = KafkaBroker.shared();
    private final String prefix = "ingest-" + System.nanoTime();
    private final PartitionTopics topics = new PartitionTopics(kafka.bootstrapServers(), prefix + ".events", prefix + ".portfolio",
            prefix + ".snapshots", prefix + ".ingest", prefix + ".alerts", prefix + ".proposals", PARTITIONS);
    private final Catalogue catalogue = Catalogue.defaults();
    private final EventJson json = new EventJson(catalogue);
    private final AssetPartitions partitions = new AssetPartitions(PARTITIONS);

    @BeforeEach
    void createTopics() throws Exception {
        kafka.createTopics(PARTITIONS, topics.eventsTopic());
        kafka.createTopics(1, topics.portfolioTopic(), topics.ingestTopic());
    }

    @Test
    void holdingsGoToTheirAssetChainInputsEverywhereAndTheStreamWholeToThePortfolio() throws InterruptedException {
        Event transfer = transfer("USDC", 1);
        Event block = new BlockObserved("base", 7, "0x7", "0x6", 1_700_000_000L);
        Event position = new PositionObserved("p-1", "aave", new TreeMap<>(Map.of("ETH", BigInteger.ONE)),
                new TreeMap<>(Map.of("USDC", BigInteger.ONE)), new BigDecimal("0.8"));
        try (EventsTopic log = new EventsTopic(topics, json)) {
            assertEquals(1, log.publish(transfer));
            assertEquals(2, log.publish(block));
            assertEquals(3, log.publish(position));
            log.flush();
        }
        assertCommitted(List.of("1 " + json.write(transfer), "2 " + json.write(block), "3 " + json.write(position)),
                new TopicPartition(topics.portfolioTopic(), 0), "the portfolio: the whole stream, in order");
        for (int p = 0; p < PARTITIONS; p++) {
            List<String> expected = new ArrayList<>();
            if (p == partitions.of("USDC")) {
                expected.add("1 " + json.write(transfer));
            }
            expected.add("2 " + json.write(block));
            assertCommitted(expected, new TopicPartition(topics.eventsTopic(), p), "asset partition " + p);
        }
    }

    @Test
    void aPublisherThatDiesLeavesNoInputOfItsOpenTransactionAndTheNextResumesAfterWhatWasCommitted() throws InterruptedException {
        EventsTopic dead = new EventsTopic(topics, json);
        for (int i = 1; i <= 10; i++) {
            dead.publish(transfer("USDC", i), "chain:ethereum", i);
        }
        dead.publish(block("base", 7, "0x7"));
        dead.flush();
        for (int i = 11; i <= 15; i++) {
            dead.publish(transfer("WETH", i), "chain:ethereum", i); // never committed: its process dies here
        }
        dead.publish(block("base", 8, "0x8"));
        try (EventsTopic next = new EventsTopic(topics, json)) { // fences the dead one, aborting what it left open
            assertEquals(List.of(11L, 10L, -1L), List.of(next.lastSeq(), next.position("chain:ethereum"), next.position("simulation:7")),
                    "numbers on after the last input committed; each source resumes after its last committed position");
            assertEquals(Map.of(7L, "0x7"), next.knownBlocks("base"), "the blocks committed, not the one left open");
            assertEquals(12, next.publish(transfer("DAI", 16), "simulation:7", 41));
            next.pass("kafka:inputs/0", 7); // a message refused: its offset spent, nothing published
            next.flush();
        }
        try (EventsTopic after = new EventsTopic(topics, json)) {
            assertEquals(List.of(12L, 10L, 41L, 7L), List.of(after.lastSeq(), after.position("chain:ethereum"), after.position("simulation:7"),
                    after.position("kafka:inputs/0")));
        }
        TopicPartition portfolio = new TopicPartition(topics.portfolioTopic(), 0);
        KafkaBroker.await(() -> committed(portfolio).size() >= 12, "the last commit visible");
        List<String> stream = committed(portfolio);
        assertEquals(12, stream.size(), "eleven committed, six aborted, one after: " + stream);
        assertEquals("12 " + json.write(transfer("DAI", 16)), stream.get(11));
        int weth = partitions.of("WETH");
        committed(new TopicPartition(topics.eventsTopic(), weth)).forEach(line ->
                assertFalse(line.contains("\"asset\":\"WETH\""), "no aborted input in any partition: " + line));
        dead.close(); // fenced: its producer goes, the broker has aborted its transaction
    }

    @Test
    void eachChainsNewestBlocksAreKeptAcrossPublishersAReorgReplacingThoseItRetracts() {
        try (EventsTopic log = new EventsTopic(topics, json)) {
            for (long n = 1; n <= 100; n++) {
                log.publish(block("base", n, "0x" + n));
            }
            log.publish(block("arbitrum", 5, "0xa5"));
            log.publish(block("base", 98, "0x98b")); // a reorg of depth 3: 98..100 retracted
            log.flush();
        }
        try (EventsTopic next = new EventsTopic(topics, json)) {
            SortedMap<Long, String> base = next.knownBlocks("base");
            assertEquals(List.of(37L, 98L, "0x97", "0x98b"), List.of(base.firstKey(), base.lastKey(), base.get(97L), base.get(98L)),
                    "the newest 64 blocks (37..100), the reorged one in place of the three it retracted");
            assertEquals(Map.of(5L, "0xa5"), next.knownBlocks("arbitrum"));
            assertEquals(Map.of(), next.knownBlocks("optimism"));
        }
    }

    private static BlockObserved block(String chain, long number, String hash) {
        return new BlockObserved(chain, number, hash, "0x" + (number - 1), 1_700_000_000L + number);
    }

    private TransferObserved transfer(String asset, int n) {
        return new TransferObserved("ethereum", asset, catalogue.resolveToken("ethereum", asset, null), "0xa", "0xdesk",
                BigInteger.valueOf(n), "0x" + n, 0, n);
    }

    /**
     * Asserts what a read_committed consumer finds on one partition, once it finds as much: a commit
     * returns before its markers reach every partition, so what it made visible shows a moment later.
     */
    private void assertCommitted(List<String> expected, TopicPartition partition, String what) throws InterruptedException {
        KafkaBroker.await(() -> committed(partition).size() >= expected.size(), what);
        assertEquals(expected, committed(partition), what);
    }

    /** What a read_committed consumer sees of one partition: each record's stream seq and line. */
    private List<String> committed(TopicPartition partition) {
        return kafka.consumeCommitted(partition.topic()).stream().filter(record -> record.partition() == partition.partition())
                .map(record -> EventsTopic.seqOf(record.headers()) + " " + record.value()).toList();
    }
}
