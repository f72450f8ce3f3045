package io.ballast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.Event;
import io.ballast.engine.journal.Journal;
import io.ballast.engine.journal.JournalInput;
import io.ballast.engine.journal.JournalSettings;
import io.ballast.engine.model.Catalogue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM ingests a large event file and is killed with SIGKILL at random points, several times;
 * after the last restart it finishes. Its state must equal an uninterrupted run's, and the journal
 * must hold every line of the file exactly once, in order.
 */
class CrashRecoveryTest {

    private static final int KILLS = 4;

    @Test
    void killedMidIngestLosesNothingAndAppliesNothingTwice(@TempDir Path dir) throws Exception {
        EventJson json = new EventJson(Catalogue.defaults());
        List<Event> events = new RandomStream(42, 120_000).withOrphans();
        Path file = dir.resolve("events.jsonl");
        Files.write(file, events.stream().map(json::write).toList());

        String reference;
        try (Ballast uninterrupted = Ballast.builder().dataDirectory(dir.resolve("reference"))
                .settings(ReplayPropertyTestSettings.SETTINGS).snapshotEvery(0).build()) {
            for (int i = 0; i < events.size(); i++) {
                uninterrupted.submit(CrashIngester.SOURCE, i + 1, events.get(i));
            }
            reference = uninterrupted.stateHash();
        }

        Path data = dir.resolve("crashing");
        Random random = new Random(7);
        List<Long> resumedFrom = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = start(data, file);
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith("READY "), "child did not recover: " + ready);
            resumedFrom.add(Long.parseLong(ready.substring(6)));
            // Let it ingest a random while (it goes on while we read), then kill it wherever it is.
            for (int progress = 1 + random.nextInt(4); progress > 0; progress--) {
                String line = out.readLine();
                assertTrue(line != null && line.startsWith("AT "), "child stopped ingesting: " + line);
            }
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }

        Process last = start(data, file);
        BufferedReader out = new BufferedReader(new InputStreamReader(last.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        String done = out.readLine();
        while (done != null && done.startsWith("AT ")) {
            done = out.readLine();
        }
        assertTrue(last.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), "final run failed: " + ready + " / " + done);
        resumedFrom.add(Long.parseLong(ready.substring(6)));

        assertTrue(resumedFrom.stream().distinct().count() > 2,
                "kills landed mid-ingest at different points: " + resumedFrom);
        assertEquals("DONE " + reference, done, "state after crashes vs uninterrupted; resumed from " + resumedFrom);

        long[] expectedLine = {1};
        try (Journal journal = Journal.open(data.resolve("journal"), JournalSettings.defaults())) {
            long count = journal.readInputs(-1, (JournalInput input) -> {
                assertEquals(expectedLine[0], input.sourcePosition(), "each line journalled once, in order");
                assertEquals(expectedLine[0], input.seq());
                expectedLine[0]++;
            });
            assertEquals(events.size(), count, "every line journalled");
        }
    }

    private static Process start(Path data, Path file) throws Exception {
        return ChildJvm.start(CrashIngester.class, ProcessBuilder.Redirect.INHERIT, data.toString(), file.toString());
    }
}
