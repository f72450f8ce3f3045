package io.ballast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.Ballast;
import io.ballast.engine.ChildJvm;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.StateSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine process is killed (SIGKILL) while it publishes; after restarts every decision is on Kafka, once by id. */
class OutboxCrashTest {

    private static final int EVENTS = 600;
    private static final KafkaBroker broker = KafkaBroker.shared();

    @Test
    @Timeout(300)
    void killedWhilePublishingLosesNoDecisionAndDedupByIdSeesEachOnce(@TempDir Path dir) throws Exception {
        String prefix = "crash-";
        broker.createTopics(3, prefix + "alerts", prefix + "actions", prefix + "proposals");
        for (int kill = 0; kill < 3; kill++) {
            Process child = start(dir, prefix);
            BufferedReader out = reader(child);
            for (int progress = 0; progress < 2; progress++) {
                String line = out.readLine();
                assertTrue(line != null && line.startsWith("AT "), "child stopped publishing: " + line);
            }
            child.destroyForcibly(); // SIGKILL, mid-stream
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        Process last = start(dir, prefix);
        BufferedReader out = reader(last);
        String line = out.readLine();
        while (line != null && line.startsWith("AT ")) {
            line = out.readLine();
        }
        assertTrue(last.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), "final run: " + line);

        List<Decision> decided = new ArrayList<>();
        Ballast.replay(dir.resolve("data").resolve("journal"), Catalogue.defaults(), StateSettings.defaults(),
                List.of(new PriceDecisions()), decided::add);
        assertEquals("DONE " + decided.size(), line);
        List<ConsumerRecord<String, String>> published = new ArrayList<>(broker.consumeAll(prefix + "alerts", Duration.ofSeconds(60)));
        published.addAll(broker.consumeAll(prefix + "actions", Duration.ofSeconds(60)));
        // What a consumer that drops repeats by id sees: each decision of the journal once, nothing else.
        List<String> seenOnce = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, String> record : published) {
            String id = KafkaBroker.header(record, DecisionOutbox.ID_HEADER);
            if (ids.add(id)) {
                seenOnce.add(id);
            }
        }
        assertEquals(decided.stream().map(Decision::id).sorted().toList(), seenOnce.stream().sorted().toList(),
                "every decision of the journal, once (" + (published.size() - seenOnce.size()) + " repeats dropped)");
        assertEquals(EVENTS + 2 * EVENTS / 3, decided.size(), "an alert per price, an order per USDC and WBTC price");
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static Process start(Path dir, String prefix) throws Exception {
        return ChildJvm.start(OutboxCrashChild.class, ProcessBuilder.Redirect.DISCARD, broker.bootstrapServers(),
                dir.toString(), prefix, Integer.toString(EVENTS));
    }
}
