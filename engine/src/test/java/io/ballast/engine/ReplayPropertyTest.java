package io.ballast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.decision.Decision;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureReport;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.StateSettings;
import io.ballast.engine.state.TierAmounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties over random streams with random reorgs. */
class ReplayPropertyTest {

    /** Pending transactions never time out here, so the two streams' clocks cannot diverge through them. */
    private static final StateSettings SETTINGS = ReplayPropertyTestSettings.SETTINGS;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 12);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void replayAndRestartReproduceTheLiveState(long seed, @TempDir Path data) {
        List<Event> events = new RandomStream(seed, 1_500).withOrphans();
        int snapshotEvery = 50 + new Random(seed).nextInt(400);
        int restartAt = events.size() / 2 + new Random(seed + 1).nextInt(events.size() / 3);
        List<Decision> decisions = new ArrayList<>();
        String liveHash;

        try (Ballast first = builder(data, snapshotEvery).onDecision(decisions::add).build()) {
            events.subList(0, restartAt).forEach(first::submit);
        }
        try (Ballast second = builder(data, snapshotEvery).onDecision(decisions::add).build()) {
            events.subList(restartAt, events.size()).forEach(second::submit);
            liveHash = second.stateHash();
        }

        ExposureState uninterrupted = new ExposureState(Catalogue.defaults(), SETTINGS);
        for (int i = 0; i < events.size(); i++) {
            uninterrupted.apply(i + 1, events.get(i));
        }
        assertEquals(StateCodec.hash(uninterrupted), liveHash, "live state with a restart vs an uninterrupted apply");

        List<Decision> replayed = new ArrayList<>();
        ExposureState replay = Ballast.replay(data.resolve("journal"), Catalogue.defaults(), SETTINGS,
                Ballast.builtInDecisionMakers(), replayed::add);
        assertEquals(liveHash, StateCodec.hash(replay), "replayed state");
        assertEquals(decisions, replayed, "replayed decisions");

        try (Ballast restored = builder(data, snapshotEvery).build()) {
            assertEquals(liveHash, restored.stateHash(), "restored from snapshot + journal tail");
            restored.query(state -> {
                assertTotalsMatchLedgers(state);
                return null;
            });
        }
        assertTotalsMatchLedgers(uninterrupted);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aReorgLeavesTheStateOfNeverHavingSeenTheRetractedBlocks(long seed) {
        RandomStream stream = new RandomStream(seed, 1_500);
        List<Event> withOrphans = stream.withOrphans();
        List<Event> withoutOrphans = stream.withoutOrphans();
        assertTrue(withOrphans.size() > withoutOrphans.size(), "the stream has orphan branches");

        ExposureState reorged = applyAll(withOrphans);
        ExposureState neverSeen = applyAll(withoutOrphans);

        assertEquals(exposureWithoutReorgCounters(neverSeen), exposureWithoutReorgCounters(reorged));
        assertTotalsMatchLedgers(reorged);
        assertTotalsMatchLedgers(neverSeen);
        assertEquals(pendingWithoutArrival(neverSeen), pendingWithoutArrival(reorged), "pending transfers, in order");
        long reorgs = 0;
        for (var chain : reorged.chains()) {
            reorgs += chain.reorgCount();
        }
        assertTrue(reorgs > 0, "reorgs happened");
        assertNotEquals(StateCodec.hash(neverSeen), StateCodec.hash(reorged), "the full state still remembers the reorgs");
    }

    private static ExposureState applyAll(List<Event> events) {
        ExposureState state = new ExposureState(Catalogue.defaults(), SETTINGS);
        for (int i = 0; i < events.size(); i++) {
            state.apply(i + 1, events.get(i));
        }
        return state;
    }

    /** The incrementally kept (chain, asset) totals equal the ledgers summed afresh, and exist exactly where ledgers do. */
    private static void assertTotalsMatchLedgers(ExposureState state) {
        Map<String, TierAmounts> summed = new TreeMap<>();
        state.balances().forEach((key, tiers) -> summed.merge(key.chain() + "/" + key.asset(), tiers, TierAmounts::plus));
        Set<String> holdings = new TreeSet<>();
        state.forEachChainAsset((chain, asset, tiers) -> holdings.add(chain + "/" + asset));
        assertEquals(summed.keySet(), holdings, "holdings are the (chain, asset) pairs that have a ledger");
        summed.values().removeIf(TierAmounts.ZERO::equals);
        Map<String, TierAmounts> kept = new TreeMap<>();
        state.forEachChainAsset((chain, asset, tiers) -> {
            if (!tiers.equals(TierAmounts.ZERO)) {
                kept.put(chain + "/" + asset, tiers);
            }
        });
        assertEquals(summed, kept, "(chain, asset) totals");
        assertTrue(!kept.isEmpty());
    }

    /** Arrival is an input sequence number, which the shorter stream naturally numbers differently. */
    private static List<String> pendingWithoutArrival(ExposureState state) {
        return state.pendingTransfers().stream().map(p -> p.transfer() + "@" + p.seenAt()).toList();
    }

    private static String exposureWithoutReorgCounters(ExposureState state) {
        return ExposureReport.render(state).replaceAll(" reorgs \\d+ last-reorg-depth \\d+", "");
    }

    private static Ballast.Builder builder(Path data, int snapshotEvery) {
        return Ballast.builder().dataDirectory(data).settings(SETTINGS).snapshotEvery(snapshotEvery);
    }
}
