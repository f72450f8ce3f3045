package io.ballast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.BalanceDriftAlerts;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionMaker;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.journal.Journal;
import io.ballast.engine.journal.JournalSettings;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.StateSettings;
import io.ballast.engine.state.TierAmounts;
import io.ballast.engine.state.Valuation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BallastTest {

    private final EventJson json = new EventJson(Catalogue.defaults());

    private Event event(String line) {
        return json.read(line);
    }

    @Test
    void anInvalidEventIsRejectedBeforeTheJournalAndEverythingElseKeepsWorking(@TempDir Path data) {
        try (Ballast ballast = Ballast.builder().dataDirectory(data).build()) {
            ballast.submit(event("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"5\"}"));
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ballast.submit(
                    new BalanceObserved("base", "USDC", "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913", "0xdesk", BigInteger.valueOf(-1), 1)));
            assertEquals("balance amount must not be negative, got -1 base units", error.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ballast.submit(
                    new BalanceObserved("solana", "USDC", "x", "0xdesk", BigInteger.ONE, 1)), "unknown chain");
            ballast.submit(event("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"7\"}"));
            assertEquals(BigInteger.valueOf(7_000_000), ballast.balance("base", "USDC", "0xdesk").confirmed());
        }
        try (Journal journal = Journal.open(data.resolve("journal"), JournalSettings.defaults())) {
            assertEquals(2, journal.stats().inputs(), "only the valid events were journalled");
        }
    }

    @Test
    void aRestatedBalanceThatDiffersFromTheComputedOneIsADriftAlertAndCorrectsTheLedger(@TempDir Path data) {
        List<Decision> decisions = new ArrayList<>();
        try (Ballast ballast = Ballast.builder().dataDirectory(data).decisionMaker(new BalanceDriftAlerts()).onDecision(decisions::add).build()) {
            ballast.submit(event("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"100\",\"block\":1}"));
            ballast.submit(event("{\"type\":\"transfer\",\"chain\":\"base\",\"asset\":\"USDC\",\"from\":\"0xuser\",\"to\":\"0xdesk\",\"amount\":\"5\",\"txHash\":\"0x01\",\"logIndex\":0,\"block\":2}"));
            ballast.submit(event("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"105\",\"block\":2}"));
            assertTrue(decisions.isEmpty(), "a balance that agrees with the ledger is no drift: " + decisions);
            // One base unit (0.000001 USDC) more than counted at block 3.
            ballast.submit(event("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"105.000001\",\"block\":3}"));
            assertEquals(1, decisions.size());
            Alert drift = (Alert) decisions.get(0);
            assertEquals(BalanceDriftAlerts.RULE, drift.rule());
            assertEquals("asset-chain[asset=USDC,chain=base]", drift.scope().key());
            assertEquals(0.000001, drift.value(), 1e-12);
            assertTrue(drift.message().contains("holds 105000001 base units") && drift.message().contains("counted 105000000"), drift.message());
            assertEquals(BigInteger.valueOf(105_000_001), ballast.balance("base", "USDC", "0xdesk").confirmed(), "corrected");
        }
    }

    @Test
    void aPoisonInputIsQuarantinedWithItsPositionAndThePipelineGoesOn(@TempDir Path data) {
        // A decision maker that breaks on one account's balance stands in for any input that throws on apply.
        DecisionMaker breaksOnPoison = (event, state, context) -> {
            if (event instanceof BalanceObserved balance && balance.account().equals("0xpoison")) {
                throw new IllegalStateException("cannot digest " + balance.account());
            }
        };
        String poison = "{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xpoison\",\"amount\":\"1\"}";
        String good = "{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"7\"}";
        String hash;
        try (Ballast ballast = Ballast.builder().dataDirectory(data).decisionMaker(breaksOnPoison).snapshotEvery(0).build()) {
            assertTrue(ballast.submit(json.read(poison)));
            assertTrue(ballast.submit(json.read(good)));
            List<Quarantined> quarantined = ballast.quarantined();
            assertEquals(1, quarantined.size());
            assertEquals(1, quarantined.get(0).seq());
            assertEquals("IllegalStateException: cannot digest 0xpoison", quarantined.get(0).reason());
            assertEquals(BigInteger.valueOf(7_000_000), ballast.balance("base", "USDC", "0xdesk").confirmed(),
                    "the input after the poison is applied");
            hash = ballast.stateHash();
        }
        try (Ballast restarted = Ballast.builder().dataDirectory(data).decisionMaker(breaksOnPoison).snapshotEvery(0).build()) {
            assertEquals(hash, restarted.stateHash(), "recovery meets the poison at the same input and agrees");
            assertEquals(1, restarted.quarantined().size());
        }
    }

    @Test
    void aSourceThatResendsIsAppliedOnce(@TempDir Path data) {
        Event deposit = event("{\"type\":\"transfer\",\"chain\":\"base\",\"asset\":\"USDC\",\"from\":\"0xu\",\"to\":\"0xdesk\",\"amount\":\"1\",\"txHash\":\"0x1\",\"logIndex\":0,\"block\":1}");
        try (Ballast ballast = Ballast.builder().dataDirectory(data).trackAccount("0xdesk", "desk-a").build()) {
            assertTrue(ballast.submit("kafka:inputs-0", 41, deposit));
            assertFalse(ballast.submit("kafka:inputs-0", 41, deposit));
            assertFalse(ballast.submit("kafka:inputs-0", 40, deposit));
            assertEquals(41, ballast.sourcePosition("kafka:inputs-0"));
            assertEquals(-1, ballast.sourcePosition("other"));
        }
        try (Ballast restarted = Ballast.builder().dataDirectory(data).trackAccount("0xdesk", "desk-a").build()) {
            assertEquals(41, restarted.sourcePosition("kafka:inputs-0"), "positions survive a restart");
            assertFalse(restarted.submit("kafka:inputs-0", 41, deposit));
            assertEquals(BigInteger.valueOf(1_000_000), restarted.balance("base", "USDC", "0xdesk").unsafe());
        }
    }

    @Test
    void decisionsACrashKeptFromTheJournalAreJournalledAndPublishedOnRecoveryOnce(@TempDir Path data) {
        List<String> lines = List.of(
                "{\"type\":\"block\",\"chain\":\"base\",\"number\":10,\"hash\":\"0xa\",\"parentHash\":\"0x9\",\"timestamp\":1700000000}",
                "{\"type\":\"finality\",\"chain\":\"base\",\"tier\":\"finalized\",\"number\":10}",
                "{\"type\":\"block\",\"chain\":\"base\",\"number\":10,\"hash\":\"0xb\",\"parentHash\":\"0x9\",\"timestamp\":1700000001}");
        // The inputs made it to the journal; the process died before their decisions did.
        try (Journal journal = Journal.open(data.resolve("journal"), JournalSettings.defaults())) {
            for (int i = 0; i < lines.size(); i++) {
                journal.appendInput(i + 1, "", -1, event(lines.get(i)));
            }
        }
        List<Decision> published = new ArrayList<>();
        try (Ballast ballast = Ballast.builder().dataDirectory(data).onDecision(published::add).build()) {
            assertEquals(1, published.size());
            Alert alert = (Alert) published.get(0);
            assertEquals("reorg-below-finalized", alert.rule());
            assertEquals(3, alert.journalSeq());
        }
        try (Ballast again = Ballast.builder().dataDirectory(data).onDecision(published::add).build()) {
            assertEquals(1, published.size(), "nothing re-published after the decision was journalled");
        }
        try (Journal journal = Journal.open(data.resolve("journal"), JournalSettings.defaults())) {
            assertEquals(1, journal.stats().decisions());
        }
    }

    @Test
    void aCorruptSnapshotIsSkippedForAnOlderOneAndTheLongerTail(@TempDir Path data) throws Exception {
        List<Event> events = new RandomStream(3, 600).withOrphans();
        String live;
        try (Ballast ballast = Ballast.builder().dataDirectory(data).settings(ReplayPropertyTestSettings.SETTINGS)
                .snapshotEvery(200).build()) {
            events.forEach(ballast::submit);
            live = ballast.stateHash();
        }
        Path newest;
        try (Stream<Path> files = Files.list(data.resolve("snapshots"))) {
            newest = files.max(Path::compareTo).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(newest, bytes);
        try (Ballast restored = Ballast.builder().dataDirectory(data).settings(ReplayPropertyTestSettings.SETTINGS).build()) {
            assertEquals(live, restored.stateHash());
        }
    }

    @Test
    void subscribersSeeDecisionsAndAFailingOneDoesNotStopThePipeline(@TempDir Path data) {
        List<Decision> seen = new ArrayList<>();
        try (Ballast ballast = Ballast.builder().dataDirectory(data).build()) {
            ballast.subscribe(decision -> {
                throw new IllegalStateException("subscriber bug");
            });
            Ballast.Subscription subscription = ballast.subscribe(seen::add);
            ballast.submit(event("{\"type\":\"block\",\"chain\":\"base\",\"number\":10,\"hash\":\"0xa\",\"parentHash\":\"0x9\",\"timestamp\":1}"));
            ballast.submit(event("{\"type\":\"finality\",\"chain\":\"base\",\"tier\":\"finalized\",\"number\":10}"));
            ballast.submit(event("{\"type\":\"block\",\"chain\":\"base\",\"number\":10,\"hash\":\"0xb\",\"parentHash\":\"0x9\",\"timestamp\":2}"));
            assertEquals(1, seen.size());
            subscription.close();
            ballast.submit(event("{\"type\":\"block\",\"chain\":\"base\",\"number\":10,\"hash\":\"0xc\",\"parentHash\":\"0x9\",\"timestamp\":3}"));
            assertEquals(1, seen.size(), "unsubscribed");
        }
    }

    @Test
    void aggregatesByAssetChainDeskAndUsd(@TempDir Path data) {
        try (Ballast ballast = Ballast.builder().dataDirectory(data).trackAccount("0xA", "desk-a").trackAccount("0xb", "desk-b")
                .settings(StateSettings.defaults().withPriceMaxAgeSeconds(60)).build()) {
            Stream.of(
                    "{\"type\":\"block\",\"chain\":\"base\",\"number\":1,\"hash\":\"0x1\",\"parentHash\":\"0x0\",\"timestamp\":1700000000}",
                    "{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xa\",\"amount\":\"100\",\"block\":1}",
                    "{\"type\":\"balance\",\"chain\":\"arbitrum\",\"asset\":\"USDC\",\"account\":\"0xb\",\"amount\":\"50\",\"block\":7}",
                    "{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"ETH\",\"account\":\"0xb\",\"amount\":\"2\",\"block\":1}",
                    "{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xnottracked\",\"amount\":\"999\",\"block\":1}",
                    "{\"type\":\"pending\",\"chain\":\"base\",\"asset\":\"USDC\",\"from\":\"0xu\",\"to\":\"0xa\",\"amount\":\"5\",\"txHash\":\"0xp\"}",
                    "{\"type\":\"bridge\",\"id\":\"b\",\"asset\":\"USDC\",\"from\":\"ethereum\",\"to\":\"base\",\"amount\":\"20\",\"status\":\"initiated\",\"expectedArrivalSeconds\":60}",
                    "{\"type\":\"obligation\",\"id\":\"o\",\"asset\":\"USDC\",\"amount\":\"30\"}",
                    "{\"type\":\"price\",\"asset\":\"USDC\",\"usd\":\"1\",\"timestamp\":1700000000}"
            ).map(this::event).forEach(ballast::submit);

            TierAmounts usdc = ballast.query(state -> state.asset("USDC"));
            assertEquals(BigInteger.valueOf(150_000_000), usdc.confirmed());
            assertEquals(BigInteger.valueOf(5_000_000), usdc.pending());
            assertEquals(BigInteger.valueOf(100_000_000), ballast.query(s -> s.assetOnChain("USDC", "base")).confirmed());
            assertEquals(BigInteger.valueOf(20_000_000), ballast.query(s -> s.inFlightTo("USDC", "base")));
            assertEquals(List.of("ETH", "USDC"), List.copyOf(ballast.query(s -> s.desk("desk-b")).keySet()));
            assertEquals(BigInteger.valueOf(105_000_000), ballast.query(s -> s.desk("desk-a")).get("USDC").total());

            Valuation.PortfolioUsd usd = ballast.query(s -> s.valuation().portfolio());
            assertEquals(0, new BigDecimal("150").compareTo(usd.unsafe()), "confirmed USDC in USD");
            assertEquals(0, new BigDecimal("5").compareTo(usd.pending()));
            assertEquals(0, new BigDecimal("20").compareTo(usd.inFlight()));
            assertEquals(0, new BigDecimal("30").compareTo(usd.liabilities()));
            assertEquals(List.of("ETH"), List.copyOf(usd.unpriced()), "ETH has no price: reported, not guessed");
        }
    }

    @Test
    void anyThreadMaySubmitAndEveryEventIsJournalledOnce(@TempDir Path data) throws Exception {
        int threads = 4;
        int perThread = 500;
        try (Ballast ballast = Ballast.builder().dataDirectory(data).trackAccount("0xdesk", "desk").build()) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                writers.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        ballast.submit("writer-" + writer, i, event("{\"type\":\"transfer\",\"chain\":\"base\",\"asset\":\"USDC\","
                                + "\"from\":\"0xu\",\"to\":\"0xdesk\",\"amount\":\"1\",\"txHash\":\"0x" + writer + "-" + i
                                + "\",\"logIndex\":0,\"block\":1}"));
                    }
                }));
            }
            writers.forEach(Thread::start);
            for (Thread writer : writers) {
                writer.join();
            }
            assertEquals(BigInteger.valueOf(threads * perThread * 1_000_000L), ballast.balance("base", "USDC", "0xdesk").unsafe());
        }
        try (Journal journal = Journal.open(data.resolve("journal"), JournalSettings.defaults())) {
            assertEquals(threads * perThread, journal.stats().inputs());
        }
    }

    @Test
    void aClosedEngineSaysSo(@TempDir Path data) {
        Ballast ballast = Ballast.builder().dataDirectory(data).build();
        ballast.close();
        IllegalStateException error = assertThrows(IllegalStateException.class, ballast::stateHash);
        assertEquals("Ballast is closed", error.getMessage());
    }
}
