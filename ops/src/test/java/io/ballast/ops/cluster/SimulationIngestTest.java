package io.ballast.ops.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.ballast.connectors.kafka.EventsTopic;
import io.ballast.connectors.kafka.KafkaBroker;
import io.ballast.connectors.kafka.PartitionTopics;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.model.Catalogue;
import io.ballast.ops.config.BallastConfig;
import io.ballast.ops.sim.DeskSimulation;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The simulated desk's ingest on a real broker: when its publisher is fenced (another took the
 * transactional id, as a second ingest would) it does not stop for good but starts over from what
 * was committed, fencing the other in turn; the stream holds every step once, in order.
 */
class SimulationIngestTest {

    private final KafkaBroker kafka = KafkaBroker.shared();
    private final String prefix = "sim-ingest-" + System.nanoTime();
    private final PartitionTopics topics = new PartitionTopics(kafka.bootstrapServers(), prefix + ".events", prefix + ".portfolio",
            prefix + ".snapshots", prefix + ".ingest", prefix + ".alerts", prefix + ".proposals", 2);

    @Test
    void aFencedIngestStartsOverFromWhatWasCommitted() throws Exception {
        ClusterNode.ensureTopics(topics);
        Catalogue catalogue = Catalogue.defaults();
        BallastConfig.Simulation desk = BallastConfig.from(ConfigFactory.load(), catalogue).simulation();
        EventJson json = new EventJson(catalogue);
        try (SimulationIngest ingest = new SimulationIngest(topics, json,
                () -> new DeskSimulation(catalogue, desk.seed(), desk.chains(), desk.startEpochSeconds()), desk.seed(), 1_000, List.of(),
                Duration.ofSeconds(1))) {
            ingest.start();
            KafkaBroker.await(() -> steps().size() >= 100, "the desk played", Duration.ofSeconds(60));
            new EventsTopic(topics, json).close(); // takes the transactional id: the ingest's next commit is refused
            int before = steps().size();
            KafkaBroker.await(() -> steps().size() >= before + 100, "played on after the fencing", Duration.ofSeconds(60));
        }
        List<Long> steps = steps();
        for (int i = 1; i < steps.size(); i++) {
            assertEquals(steps.get(i - 1) + 1, steps.get(i), "each step once, in order");
        }
    }

    private List<Long> steps() {
        return kafka.consumeCommitted(topics.portfolioTopic()).stream().map(ConsumerRecord::headers).map(EventsTopic::positionOf).toList();
    }
}
