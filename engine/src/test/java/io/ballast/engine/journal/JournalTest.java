package io.ballast.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.decision.RebalanceOrder;
import io.ballast.engine.decision.Scope;
import io.ballast.engine.decision.Severity;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.model.Catalogue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    private static Event block(long n) {
        return new BlockObserved("base", n, "0x" + n, "0x" + (n - 1), 1_700_000_000L + n);
    }

    @Test
    void recordsEveryKindOfEventAndDecisionAndReadsThemBackInOrder(@TempDir Path dir) throws Exception {
        EventJson json = new EventJson(Catalogue.defaults());
        List<Event> events = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(getClass().getResource("/all-event-types.jsonl").toURI()))) {
            events.add(json.read(line));
        }
        Alert alert = new Alert("00000000000000aa", "r", Severity.WARNING, Alert.State.FIRING, Scope.chain("base"), 1.5, 1.1,
                3, 1_700_000_000L, "m");
        RebalanceOrder order = new RebalanceOrder("00000000000000bb", "USDC", "ethereum", "base", BigInteger.TEN, "why", 4);
        try (Journal journal = Journal.open(dir, JournalSettings.defaults())) {
            for (int i = 0; i < events.size(); i++) {
                journal.appendInput(i + 1, "file", i + 10, events.get(i));
            }
            journal.appendDecision(1, alert);
            journal.appendDecision(2, order);
        }
        try (Journal journal = Journal.open(dir, JournalSettings.defaults())) {
            List<JournalInput> inputs = new ArrayList<>();
            journal.readInputs(-1, inputs::add);
            assertEquals(events, inputs.stream().map(JournalInput::event).toList());
            assertEquals(List.of(1L, 2L), inputs.stream().limit(2).map(JournalInput::seq).toList());
            assertEquals(10L, inputs.get(0).sourcePosition());
            List<JournalDecision> decisions = new ArrayList<>();
            journal.readDecisions(decisions::add);
            assertEquals(List.of(alert, order), decisions.stream().map(JournalDecision::decision).toList());
            assertEquals(events.size(), journal.lastInput().orElseThrow().seq());
            assertEquals(2, journal.lastDecision().orElseThrow().seq());

            List<JournalInput> tail = new ArrayList<>();
            journal.readInputs(inputs.get(13).index(), tail::add);
            assertEquals(inputs.subList(14, inputs.size()), tail, "reading after an index");
        }
    }

    @Test
    void aFollowerParksUntilTheWriterAppendsAndThenSeesEveryRecordInOrder(@TempDir Path dir) throws Exception {
        try (Journal journal = Journal.open(dir, JournalSettings.defaults())) {
            List<Long> seen = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                try (JournalFollower<JournalInput> follower = journal.follow(-1)) {
                    follower.follow(input -> seen.add(input.seq()), running::get);
                }
            });
            reader.start();
            for (int i = 1; i <= 1_000; i++) {
                journal.appendInput(i, "", -1, block(i));
                if (i % 100 == 0) {
                    Thread.sleep(5); // let the reader catch up and park
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.size() < 1_000 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            int parked = 0;
            for (int sample = 0; sample < 50; sample++) {
                parked += reader.getState() == Thread.State.TIMED_WAITING ? 1 : 0;
                Thread.sleep(2);
            }
            running.set(false);
            reader.join(5_000);
            assertEquals(1_000, seen.size());
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i + 1, seen.get(i));
            }
            // a spinning reader would be RUNNABLE in every sample; a parking one almost never is
            assertTrue(parked >= 40, "an idle follower parks instead of spinning: parked in " + parked + " of 50 samples");
        }
    }

    @Test
    void statsAndDumpDescribeTheJournal(@TempDir Path dir) {
        Catalogue catalogue = Catalogue.defaults();
        try (Journal journal = Journal.open(dir, JournalSettings.defaults())) {
            journal.appendInput(1, "feed", 7, block(1));
            journal.appendInput(2, "", -1, new PriceObserved("ETH", new BigDecimal("3000.5"), 1_700_000_000L, ""));
            journal.appendDecision(1, new RebalanceOrder("00000000000000bb", "USDC", "ethereum", "base",
                    BigInteger.valueOf(320_000_000), "allocation 6.1% < threshold 8%", 2));

            JournalStats stats = journal.stats();
            assertEquals(2, stats.inputs());
            assertEquals(1, stats.firstInputSeq());
            assertEquals(2, stats.lastInputSeq());
            assertEquals(1, stats.decisions());
            assertEquals(1L, stats.inputsByType().get("BlockObserved"));
            assertEquals(1L, stats.decisionsByType().get("RebalanceOrder"));
            assertTrue(stats.bytesOnDisk() > 0);
            assertTrue(stats.render().startsWith("inputs 2 (seq 1..2)\n"), stats.render());

            List<String> lines = new ArrayList<>();
            new JournalDump(new EventJson(catalogue), new DecisionJson(catalogue)).dump(journal, lines::add);
            assertEquals(3, lines.size());
            assertTrue(lines.get(0).matches("input 1 @[0-9a-f]+ feed:7 \\{\"type\":\"block\",\"chain\":\"base\",\"number\":1,.*"), lines.get(0));
            assertTrue(lines.get(1).endsWith("{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"3000.5\",\"timestamp\":1700000000}"), lines.get(1));
            assertTrue(lines.get(2).endsWith("{\"type\":\"rebalance\",\"id\":\"00000000000000bb\",\"asset\":\"USDC\",\"from\":\"ethereum\","
                    + "\"to\":\"base\",\"amount\":\"320\",\"reason\":\"allocation 6.1% < threshold 8%\",\"journalSeq\":2}"), lines.get(2));
        }
    }

    @Test
    void retentionDropsOnlyCyclesCoveredByTheSnapshot(@TempDir Path dir) throws Exception {
        JournalSettings everySecond = JournalSettings.defaults().withRollCycle(TestRollCycles.TEST_SECONDLY).withRetainCycles(1);
        try (Journal journal = Journal.open(dir, everySecond)) {
            long[] indexes = new long[4];
            for (int i = 0; i < indexes.length; i++) {
                indexes[i] = journal.appendInput(i + 1, "", -1, block(i + 1));
                // one record per cycle file; after the second, skip a cycle so one has no file
                Thread.sleep(i == 1 ? 2_100 : 1_100);
            }
            int snapshotCycle = TestRollCycles.TEST_SECONDLY.toCycle(indexes[3]);
            List<Long> expectedKept = new ArrayList<>();
            java.util.Set<Integer> expectedDeletedCycles = new java.util.TreeSet<>();
            for (int i = 0; i < indexes.length; i++) {
                int cycle = TestRollCycles.TEST_SECONDLY.toCycle(indexes[i]);
                if (cycle >= snapshotCycle - 1) {
                    expectedKept.add(i + 1L);
                } else {
                    expectedDeletedCycles.add(cycle);
                }
            }
            assertEquals(4, journal.stats().inputCycleFiles());
            assertEquals(expectedDeletedCycles.size(), journal.applyRetention(indexes[3]),
                    "cycles older than the snapshot's cycle minus one");
            List<Long> left = new ArrayList<>();
            journal.readInputs(-1, input -> left.add(input.seq()));
            assertEquals(expectedKept, left);
            assertTrue(left.contains(4L) && !left.contains(1L));
        }
    }
}
