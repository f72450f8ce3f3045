package io.ballast.risk.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventFileReader;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionIds;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.decision.RebalanceOrder;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Catalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestTest {

    private static final Path EVENTS = Path.of("../examples/events.jsonl");
    private static final List<Path> RULES = List.of(Path.of("../examples/rules.yaml"));

    private final Catalogue catalogue = Catalogue.defaults();
    private final Backtest backtest = new Backtest(catalogue);

    /**
     * The example, derived by hand (rules event = seq 1, event line L = seq L + 1): no ETH price yet
     * (age infinite) fires stale-eth-price, and the USDC inventory is incomplete; the first price
     * resolves it. At seq 12 every chain has reported, all unsafe (x0.5): ethereum 1,250,000,
     * arbitrum 90,000, optimism 45,000, base 60,000 effective; cumulative 1,445,000. Orders:
     * arbitrum 10% x 1,445,000 - 90,000 = 54,500; optimism 86,700 - 45,000 = 41,700; base
     * 115,600 - 60,000 = 55,600. At seq 24 the clock is 1700000012 and arbitrum's head is 8 s old,
     * more than 10 x 0.25 s.
     */
    @Test
    void theExampleBacktestMatchesTheHandDerivationAndTheCheckedInDecisions() throws Exception {
        Backtest.Result result = backtest.ofEvents(RULES, EVENTS, events -> { });
        assertEquals(List.of(
                "seq 1 alert stale-eth-price firing asset[asset=ETH]",
                "seq 1 alert inventory-incomplete firing asset[asset=USDC]",
                "seq 2 alert stale-eth-price resolved asset[asset=ETH]",
                "seq 12 alert inventory-incomplete resolved asset[asset=USDC]",
                "seq 12 rebalance ethereum->arbitrum 54500 USDC: allocation 6.2% < threshold 8%",
                "seq 12 rebalance ethereum->optimism 41700 USDC: allocation 3.1% < threshold 4%",
                "seq 12 rebalance ethereum->base 55600 USDC: allocation 4.2% < threshold 6%",
                "seq 24 alert chain-stalled firing chain[chain=arbitrum]"), result.decisions().stream().map(BacktestTest::brief).toList());
        assertEquals(35, result.events());

        Map<String, Integer> ordinals = new HashMap<>(); // decisions about one subject caused by one input
        for (Decision decision : result.decisions()) {
            int ordinal = ordinals.merge(decision.journalSeq() + "/" + decision.subject(), 1, Integer::sum) - 1;
            assertEquals(DecisionIds.of(decision.journalSeq(), ordinal, decision.subject()), decision.id(), "id of " + brief(decision));
        }
        DecisionJson json = new DecisionJson(catalogue);
        assertEquals(Files.readAllLines(Path.of("../examples/decisions.jsonl")), result.decisions().stream().map(json::write).toList(),
                "the checked-in examples/decisions.jsonl");
    }

    @Test
    void theSameInputsGiveTheSameDecisionsFromAFileOrFromAJournal(@TempDir Path dir) {
        Backtest.Result first = backtest.ofEvents(RULES, EVENTS, events -> { });
        Backtest.Result second = backtest.ofEvents(RULES, EVENTS, events -> { });
        assertEquals(first, second);

        try (Ballast ballast = Ballast.builder().dataDirectory(dir).catalogue(catalogue).build()) {
            new EventFileReader(new EventJson(catalogue)).read(EVENTS, (line, event) -> ballast.submit(event), e -> { });
        }
        Backtest.Result fromJournal = backtest.ofJournal(RULES, dir.resolve("journal"), events -> { });
        assertEquals(first.decisions(), fromJournal.decisions());
        assertEquals(first.stateHash(), fromJournal.stateHash());
    }

    @Test
    void twoRuleSetsShowWhatAppearsDisappearsAndChanges(@TempDir Path dir) throws Exception {
        Path other = dir.resolve("other.yaml");
        Files.writeString(other, Files.readString(RULES.get(0))
                .replace("arbitrum: { target: 10%, threshold: 8% }", "arbitrum: { target: 12%, threshold: 8% }")
                .replace("when: price_age_seconds > 300", "when: price_age_seconds > 300 && price_usd > 0.0")
                .replace("when: seconds_since_head > 10.0 * block_time_seconds", "when: seconds_since_head > 40.0 * block_time_seconds"));
        List<Decision> before = backtest.ofEvents(RULES, EVENTS, events -> { }).decisions();
        List<Decision> after = backtest.ofEvents(List.of(other), EVENTS, events -> { }).decisions();
        List<String> diff = DecisionDiff.compare(before, after, BacktestTest::brief);
        // stale-eth-price: with no price, price_usd is 0, so the second set never fires it. arbitrum at 12%:
        // 0.12 x 1,445,000 - 90,000 = 83,400. chain-stalled needs 10 s now: arbitrum's 8 s at seq 24 no longer
        // fires, but at seq 36 the clock is 1700000015 and arbitrum's head is 11 s old.
        assertEquals(List.of(
                "- seq 1 alert stale-eth-price firing asset[asset=ETH]",
                "- seq 2 alert stale-eth-price resolved asset[asset=ETH]",
                "~ seq 12 rebalance ethereum->arbitrum 54500 USDC: allocation 6.2% < threshold 8% => "
                        + "seq 12 rebalance ethereum->arbitrum 83400 USDC: allocation 6.2% < threshold 8%",
                "- seq 24 alert chain-stalled firing chain[chain=arbitrum]",
                "+ seq 36 alert chain-stalled firing chain[chain=arbitrum]"), diff);
        assertEquals(List.of(), DecisionDiff.compare(before, before, BacktestTest::brief));
        assertEquals(List.of("+ seq 1 alert stale-eth-price firing asset[asset=ETH]"),
                DecisionDiff.compare(List.of(), before.subList(0, 1), BacktestTest::brief));
    }

    @Test
    void invalidRulesStopTheBacktestWithEveryError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "rules: [ { id: x, scope: portfolio, when: 'usd >', severity: info } ]");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> backtest.ofEvents(List.of(bad), EVENTS, events -> { }));
        assertEquals(true, error.getMessage().contains(bad + ":1:49: mismatched input '<EOF>'"), error.getMessage());
    }

    private static String brief(Decision decision) {
        if (decision instanceof RebalanceOrder order) {
            return "seq " + order.journalSeq() + " rebalance " + order.fromChain() + "->" + order.toChain() + " "
                    + Amounts.toDecimalString(order.amount(), 6) + " " + order.asset() + ": " + order.reason();
        }
        Alert alert = (Alert) decision;
        return "seq " + alert.journalSeq() + " alert " + alert.rule() + " " + alert.state().label() + " " + alert.scope().key();
    }

}
