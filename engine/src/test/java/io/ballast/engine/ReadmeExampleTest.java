package io.ballast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.TierAmounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example in the README compiles and runs: it is this method's body, word for word. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRuns(@TempDir Path dataDir) throws Exception {
        List<String> printed = new ArrayList<>();
        // README-BEGIN
        EventJson events = new EventJson(Catalogue.defaults());
        try (Ballast ballast = Ballast.builder()
                .dataDirectory(dataDir)                 // journal + snapshots live here
                .trackAccount("0xdesk", "desk-a")
                .build()) {                             // recovers from snapshot + journal
            ballast.subscribe(decision -> printed.add(decision.toString()));
            ballast.submit(events.read("""
                    {"type":"block","chain":"base","number":7,"hash":"0xb7","parentHash":"0xb6","timestamp":1700000000}"""));
            ballast.submit(events.read("""
                    {"type":"balance","chain":"base","asset":"USDC","account":"0xdesk","amount":"1500.25","block":7}"""));
            TierAmounts usdc = ballast.balance("base", "USDC", "0xdesk");   // base units by finality tier
            printed.add("unsafe " + usdc.unsafe() + ", final " + usdc.finalized() + ", state " + ballast.stateHash());
        }
        // README-END
        assertEquals(1, printed.size());
        assertTrue(printed.get(0).startsWith("unsafe 1500250000, final 0, state "), printed.get(0));

        ReadmeExamples.assertDocumented(Path.of("../README.md"), "## Embedding", Path.of("src/test/java/io/ballast/engine/ReadmeExampleTest.java"));
    }
}
