package io.ballast.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventFileReader;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.decision.DecisionMaker;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import io.ballast.risk.backtest.Backtest;
import io.ballast.risk.file.RuleFiles;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live actor pipeline through its public API: same decisions as a back-test, restarts and poison inputs survived. */
class ActorBallastTest {

    private static final String BASE_USDC = "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913";

    private static Path resource(String name) {
        try {
            return Path.of(ActorBallastTest.class.getResource("/e2e/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Chain events through their chains' feeds, everything else straight to the engine, in file order. */
    private static void play(ActorBallast ballast, List<Event> events) {
        for (Event event : events) {
            String chain = ChainActor.streamOf(event);
            if (chain != null) {
                ballast.feed(chain).offer(event);
            } else {
                InputLog.Submitted submitted = ballast.submit(event).toCompletableFuture().join();
                assertTrue(submitted.accepted(), submitted.rejections().toString());
            }
        }
    }

    @Test
    void severalChainsWithAReorgAndABridgeDecideAsABacktestOfTheirJournal(@TempDir Path data) {
        List<Event> events = new ArrayList<>();
        new EventFileReader(new EventJson(Catalogue.defaults())).read(resource("events.jsonl"), (line, event) -> events.add(event),
                error -> { throw new AssertionError(error.toString()); });
        List<Decision> live = new CopyOnWriteArrayList<>();
        BigInteger baseUsdc;
        try (ActorBallast ballast = ActorBallast.builder().engine(Ballast.builder().dataDirectory(data).snapshotEvery(0)).withRules().build()) {
            ballast.subscribe(live::add);
            ballast.submit(RuleFiles.read(List.of(resource("rules.yaml")))).toCompletableFuture().join();
            play(ballast, events);
            Inputs.awaitJournalled(ballast, events.size() + 1);
            baseUsdc = ballast.query(state -> state.assetOnChain("USDC", "base").confirmed()).toCompletableFuture().join();
            assertEquals(1, ballast.chainStatus("base").toCompletableFuture().join().reorgsSeen());
            String engineThread = ballast.query(state -> Thread.currentThread().getName()).toCompletableFuture().join();
            assertTrue(engineThread.contains(ActorSettings.DISPATCHER), "the engine runs on Ballast's own dispatcher: " + engineThread);

            AssetActor.AssetExposure usdc = ballast.assetExposure("USDC").toCompletableFuture().join();
            assertEquals(List.of("arbitrum", "base", "ethereum"), List.copyOf(usdc.byChain().keySet()));
            assertEquals(BigInteger.valueOf(11_300_000_000L), usdc.confirmed(), "9600 on ethereum + 700 on base + 1000 on arbitrum");
            PortfolioActor.PortfolioChanged portfolio = ballast.portfolio().toCompletableFuture().join();
            assertEquals(0, new BigDecimal("11300").compareTo(portfolio.unsafeUsd()), "no finality yet: all of it unsafe, at 1.00 USD");
            assertEquals(List.of("WETH"), portfolio.unpriced(), "WETH has no price: listed, never guessed");
        }
        assertEquals(BigInteger.valueOf(700_000_000), baseUsdc, "1000 - 700 + 400; the reorged-away +250 is gone");

        List<String> baseLow = live.stream().filter(d -> d instanceof Alert a && a.rule().equals("base-usdc-low"))
                .map(d -> ((Alert) d).state().name()).toList();
        assertEquals(List.of("FIRING", "RESOLVED", "FIRING", "RESOLVED"), baseLow,
                "300 fires; the +250 in block 4 resolves; the reorg takes it back and it fires; the bridged 400 resolves");

        Backtest.Result replayed = new Backtest(Catalogue.defaults()).ofJournal(List.of(resource("rules.yaml")), data.resolve("journal"),
                progress -> { });
        assertEquals(replayed.decisions(), live, "live == replay: the same decisions with the same ids");
    }

    /** Fails the engine actor once, past the point where the input is journalled: a fault no input check can catch. */
    private static final class FaultOnce implements DecisionMaker {
        private final long atSeq;
        private final AtomicBoolean fired = new AtomicBoolean();

        FaultOnce(long atSeq) {
            this.atSeq = atSeq;
        }

        @Override
        public void decide(Event event, ExposureState state, DecisionContext context) {
            if (state.inputSeq() == atSeq && fired.compareAndSet(false, true)) {
                throw new InjectedFault();
            }
        }
    }

    /** An error, not an exception: the pipeline quarantines exceptions, so only this reaches the actor's supervisor. */
    private static final class InjectedFault extends Error {
        InjectedFault() {
            super("injected fault");
        }
    }

    private static EngineActor.StateHash run(Path data, List<Event> events, DecisionMaker extra) {
        Ballast.Builder engine = Ballast.builder().dataDirectory(data).snapshotEvery(100);
        if (extra != null) {
            engine.decisionMaker(extra);
        }
        try (ActorBallast ballast = ActorBallast.builder().engine(engine).build()) {
            events.forEach(ballast.feed("base")::offer);
            return Inputs.awaitJournalled(ballast, events.size());
        }
    }

    @Test
    void anEngineThatFailsMidStreamRestartsFromSnapshotAndJournalWithNothingLostOrDoubled(@TempDir Path data) {
        List<Event> events = ChainEvents.stream("base", BASE_USDC, 150, 3);
        EngineActor.StateHash uninterrupted = run(data.resolve("clean"), events, null);
        EngineActor.StateHash restarted = run(data.resolve("faulty"), events, new FaultOnce(257));
        assertEquals(events.size(), restarted.inputSeq(), "every input journalled once");
        assertEquals(uninterrupted, restarted, "the same state as a run that never failed");
    }

    @Test
    void anInvalidInputInAChainIsRefusedAndTheInputsAfterItGoOn(@TempDir Path data) {
        List<Event> events = ChainEvents.stream("base", BASE_USDC, 10, 2);
        Event negative = new BalanceObserved("base", "USDC", BASE_USDC, "0xdesk", BigInteger.valueOf(-5), 3);
        List<Event> withInvalid = new ArrayList<>(events.subList(0, 5));
        withInvalid.add(negative);
        withInvalid.addAll(events.subList(5, events.size()));
        try (ActorBallast ballast = ActorBallast.builder().engine(Ballast.builder().dataDirectory(data)).build()) {
            withInvalid.forEach(ballast.feed("base")::offer);
            assertEquals(events.size(), Inputs.awaitJournalled(ballast, events.size()).inputSeq(),
                    "every valid input journalled, the invalid one refused");
            ChainActor.Status status = ballast.chainStatus("base").toCompletableFuture().join();
            assertEquals(10, status.head());
            assertEquals(0, status.inFlight(), "nothing left waiting behind the refused input");
        }
    }

    @Test
    void anInvalidInputOfNoSourceIsRefusedWithItsReasonAlone(@TempDir Path data) {
        try (ActorBallast ballast = ActorBallast.builder().engine(Ballast.builder().dataDirectory(data)).build()) {
            InputLog.Submitted submitted = ballast.submit(new BalanceObserved("nowhere", "USDC", BASE_USDC, "0xdesk", BigInteger.ONE, 1))
                    .toCompletableFuture().join();
            assertEquals(List.of("unknown chain 'nowhere'"), submitted.rejections());
            assertEquals(0, submitted.applied());
        }
    }

    @Test
    void aPoisonInputIsQuarantinedAndTheChainGoesOn(@TempDir Path data) {
        DecisionMaker poison = (event, state, context) -> {
            if (event instanceof BalanceObserved) {
                throw new IllegalStateException("indigestible balance");
            }
        };
        List<Event> events = ChainEvents.stream("base", BASE_USDC, 20, 2);
        try (ActorBallast ballast = ActorBallast.builder().engine(Ballast.builder().dataDirectory(data).decisionMaker(poison)).build()) {
            events.forEach(ballast.feed("base")::offer);
            Inputs.awaitJournalled(ballast, events.size());
            var quarantined = ballast.quarantined().toCompletableFuture().join().inputs();
            assertEquals(1, quarantined.size());
            assertEquals(2, quarantined.get(0).seq(), "the balance was the second input of the chain");
            assertEquals("IllegalStateException: indigestible balance", quarantined.get(0).reason());
            assertEquals(20, ballast.chainStatus("base").toCompletableFuture().join().head(), "the inputs after it went on");
        }
    }
}
