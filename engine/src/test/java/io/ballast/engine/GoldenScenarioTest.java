package io.ballast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.decision.Decision;
import io.ballast.engine.event.Event;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.StateSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-derived scenarios: the exposure at each checkpoint and the decisions must match the files;
 * replaying the journal and restarting from snapshot + journal must reproduce the live state hash.
 */
class GoldenScenarioTest {

    static List<Scenario> scenarios() {
        return Scenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void exposureMatchesHandDerivedExpectation(Scenario scenario, @TempDir Path data) throws Exception {
        Map<Long, String> checkpoints = scenario.checkpoints();
        assertFalse(checkpoints.isEmpty(), "scenario has no checkpoints");
        List<Decision> decisions = new ArrayList<>();
        String liveHash;
        try (Ballast ballast = Ballast.builder().dataDirectory(data).catalogue(scenario.catalogue())
                .snapshotEvery(4).onDecision(decisions::add).build()) {
            for (Map.Entry<Long, Event> line : scenario.events().entrySet()) {
                assertTrue(ballast.submit("events.jsonl", line.getKey(), line.getValue()));
                String expected = checkpoints.get(line.getKey());
                if (expected != null) {
                    assertEquals(expected, ballast.exposureReport(), scenario + " after line " + line.getKey());
                }
            }
            liveHash = ballast.stateHash();
        }

        assertEquals(scenario.expectedDecisions(), decisions.stream().map(Scenario::render).toList(), "decisions");
        decisions.forEach(d -> assertTrue(d.id().matches("[0-9a-f]{16}"), d.id()));

        List<Decision> replayedDecisions = new ArrayList<>();
        ExposureState replayed = Ballast.replay(data.resolve("journal"), scenario.catalogue(), StateSettings.defaults(),
                Ballast.builtInDecisionMakers(), replayedDecisions::add);
        assertEquals(liveHash, StateCodec.hash(replayed), "replayed state hash");
        assertEquals(decisions, replayedDecisions, "replayed decisions, ids included");

        try (Ballast restarted = Ballast.builder().dataDirectory(data).catalogue(scenario.catalogue()).build()) {
            assertEquals(liveHash, restarted.stateHash(), "state after restart");
        }
    }
}
