package io.ballast.risk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.StateSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts fire once, stay quiet while breached, respect clear-when, resolve once; bad rule sets never replace good ones. */
class AlertLifecycleTest {

    private static final String RULES = String.join("\n",
            "rules:",
            "  - id: low-usdc-on-base",
            "    scope: { asset: USDC, chain: base }",
            "    when: balance < 1000",
            "    clear-when: balance >= 1200",
            "    severity: warning");

    private final Catalogue catalogue = Catalogue.defaults();
    private final EventJson json = new EventJson(catalogue);

    private static RulesVersionMarked rules(String version, String text) {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("limits.yaml", text);
        return new RulesVersionMarked(version, files);
    }

    private Ballast.Builder ballast(Path data, List<Decision> decisions) {
        return Ballast.builder().dataDirectory(data).catalogue(catalogue).decisionMaker(new RuleEngine(catalogue))
                .inputCheck(new RuleSetCheck(catalogue)).onDecision(decisions::add);
    }

    private static String transfer(String from, String to, String amount, String tx) {
        return "{\"type\":\"transfer\",\"chain\":\"base\",\"asset\":\"USDC\",\"from\":\"" + from + "\",\"to\":\"" + to
                + "\",\"amount\":\"" + amount + "\",\"txHash\":\"" + tx + "\",\"logIndex\":0,\"block\":102}";
    }

    @Test
    void anAlertFiresOnceStaysQuietWhileBreachedAndResolvesOnceAfterClearWhen(@TempDir Path data) {
        List<Decision> decisions = new ArrayList<>();
        String liveHash;
        try (Ballast ballast = ballast(data, decisions).build()) {
            ballast.submit(rules("v1", RULES));                                                                         // seq 1
            ballast.submit(json.read("{\"type\":\"block\",\"chain\":\"base\",\"number\":100,\"hash\":\"0x100\",\"parentHash\":\"0x99\",\"timestamp\":1700000000}"));
            ballast.submit(json.read("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"1500\",\"block\":100}"));
            ballast.submit(json.read("{\"type\":\"block\",\"chain\":\"base\",\"number\":102,\"hash\":\"0x102\",\"parentHash\":\"0x101\",\"timestamp\":1700000004}"));
            ballast.submit(json.read(transfer("0xdesk", "0xuser", "600", "0x1")));  // seq 5: 900 < 1000, fires
            ballast.submit(json.read(transfer("0xdesk", "0xuser", "100", "0x2")));  // seq 6: 800, still breached: quiet
            ballast.submit(json.read(transfer("0xuser", "0xdesk", "300", "0x3")));  // seq 7: 1100, not yet >= 1200: quiet
            ballast.submit(json.read(transfer("0xuser", "0xdesk", "200", "0x4")));  // seq 8: 1300, resolves
            ballast.submit(json.read(transfer("0xdesk", "0xuser", "400", "0x5")));  // seq 9: 900, fires again
            liveHash = ballast.stateHash();
        }
        assertEquals(List.of(
                "low-usdc-on-base firing asset-chain[asset=USDC,chain=base] 900.0 1000.0 seq 5",
                "low-usdc-on-base resolved asset-chain[asset=USDC,chain=base] 1300.0 1000.0 seq 8",
                "low-usdc-on-base firing asset-chain[asset=USDC,chain=base] 900.0 1000.0 seq 9"),
                decisions.stream().map(AlertLifecycleTest::render).toList());
        assertEquals("{\"type\":\"alert\",\"id\":\"" + decisions.get(0).id() + "\",\"rule\":\"low-usdc-on-base\",\"severity\":\"warning\","
                + "\"state\":\"firing\",\"scope\":{\"kind\":\"asset-chain\",\"asset\":\"USDC\",\"chain\":\"base\"},\"value\":900.0,"
                + "\"threshold\":1000.0,\"journalSeq\":5,\"eventTime\":1700000004,\"message\":\"low-usdc-on-base: balance < 1000\"}",
                new DecisionJson(catalogue).write(decisions.get(0)));

        List<Decision> replayed = new ArrayList<>();
        ExposureState replay = Ballast.replay(data.resolve("journal"), catalogue, StateSettings.defaults(),
                List.of(Ballast.builtInDecisionMakers().get(0), new RuleEngine(catalogue)), replayed::add);
        assertEquals(decisions, replayed, "replay makes the same decisions with the same ids");
        assertEquals(liveHash, StateCodec.hash(replay));

        List<Decision> afterRestart = new ArrayList<>();
        try (Ballast restarted = ballast(data, afterRestart).build()) {
            assertEquals(liveHash, restarted.stateHash(), "the alert memory survives a restart");
            restarted.submit(json.read(transfer("0xdesk", "0xuser", "1", "0x6")));  // still breached: no second firing
            assertEquals(List.of(), afterRestart);
        }
    }

    @Test
    void aBadRuleSetIsRejectedWithItsErrorsAndTheOldRulesKeepRunning(@TempDir Path data) {
        List<Decision> decisions = new ArrayList<>();
        try (Ballast ballast = ballast(data, decisions).build()) {
            ballast.submit(rules("v1", RULES));
            IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
                    () -> ballast.submit(rules("v2", RULES.replace("balance < 1000", "balanse < 1000"))));
            assertEquals("rule set v2 rejected; the rules in force stay:\nlimits.yaml:4:11: unknown variable 'balanse' in "
                    + "asset-chain scope (known: balance, effective, pending, in_flight, usd, share, allocation, target, threshold)",
                    rejected.getMessage());
            assertEquals("v1", ballast.query(state -> state.rules().orElseThrow().version()));

            ballast.submit(json.read("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"5\"}"));
            assertEquals(1, decisions.size(), "v1 still fires");
            assertEquals("low-usdc-on-base", ((Alert) decisions.get(0)).rule());
        }
    }

    @Test
    void aRuleDroppedByANewRuleSetHasItsAlertResolved(@TempDir Path data) {
        List<Decision> decisions = new ArrayList<>();
        try (Ballast ballast = ballast(data, decisions).build()) {
            ballast.submit(rules("v1", RULES));
            ballast.submit(json.read("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"5\"}"));
            ballast.submit(rules("v2", "rules: []"));
            assertEquals(List.of("low-usdc-on-base firing asset-chain[asset=USDC,chain=base] 5.0 1000.0 seq 2",
                    "low-usdc-on-base resolved rule[rule=low-usdc-on-base] NaN NaN seq 3"),
                    decisions.stream().map(AlertLifecycleTest::render).toList());
            assertEquals(Boolean.TRUE, ballast.query(state -> state.alerts().firing().isEmpty()));
        }
    }

    @Test
    void aDeepReorgAndAnOverdueTransferFireTheirRulesAndACooldownSpacesFirings(@TempDir Path data) {
        String rules = String.join("\n",
                "rules:",
                "  - { id: deep-reorg, scope: { chain: \"*\" }, when: reorg_depth >= 3, severity: critical, cooldown: 1h }",
                "  - { id: overdue, scope: portfolio, when: overdue_transfers > 0, severity: warning }");
        List<Decision> decisions = new ArrayList<>();
        try (Ballast ballast = ballast(data, decisions).build()) {
            ballast.submit(rules("v1", rules));
            String block = "{\"type\":\"block\",\"chain\":\"base\",\"number\":%N,\"hash\":\"0x%H\",\"parentHash\":\"0x%P\",\"timestamp\":%T}";
            for (int n = 1; n <= 5; n++) {
                ballast.submit(json.read(block.replace("%N", "" + n).replace("%H", "a" + n).replace("%P", "a" + (n - 1)).replace("%T", "" + (1700000000 + n))));
            }                                                                                       // seq 2..6
            ballast.submit(json.read(block.replace("%N", "3").replace("%H", "b3").replace("%P", "a2").replace("%T", "1700000010"))); // seq 7: depth 3
            ballast.submit(json.read(block.replace("%N", "4").replace("%H", "b4").replace("%P", "b3").replace("%T", "1700000011"))); // seq 8
            ballast.submit(json.read(block.replace("%N", "4").replace("%H", "c4").replace("%P", "b3").replace("%T", "1700000012"))); // seq 9: depth 1, resolves
            ballast.submit(json.read(block.replace("%N", "2").replace("%H", "d2").replace("%P", "a1").replace("%T", "1700000013"))); // seq 10: depth 3 again, in cooldown
            ballast.submit(json.read("{\"type\":\"bridge\",\"id\":\"b\",\"asset\":\"USDC\",\"from\":\"ethereum\",\"to\":\"base\","
                    + "\"amount\":\"5\",\"status\":\"initiated\",\"expectedArrivalSeconds\":60,\"timestamp\":1700000013}")); // seq 11
            ballast.submit(json.read(block.replace("%N", "3").replace("%H", "d3").replace("%P", "d2").replace("%T", "1700000074")));      // seq 12: 61 s later
        }
        assertEquals(List.of(
                "deep-reorg firing chain[chain=base] 3.0 3.0 seq 7",
                "deep-reorg resolved chain[chain=base] 1.0 3.0 seq 9",
                "overdue firing portfolio 1.0 0.0 seq 12"), decisions.stream().map(AlertLifecycleTest::render).toList());
    }

    @Test
    void aConditionThatFailsToEvaluateRaisesOneAlertAndTheEngineKeepsGoing(@TempDir Path data) {
        List<Decision> decisions = new ArrayList<>();
        String liveHash;
        try (Ballast ballast = ballast(data, decisions).build()) {
            ballast.submit(rules("v1", "rules: [ { id: broken, scope: { asset: USDC }, when: 'balance > 1 / 0', severity: info } ]"));
            ballast.submit(json.read("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"5\"}"));
            liveHash = ballast.stateHash();
        }
        assertEquals(1, decisions.size(), "said once, not on every event");
        Alert failed = (Alert) decisions.get(0);
        assertEquals("rule-failed", failed.rule());
        assertEquals(true, failed.message().startsWith("broken (limits.yaml:1:10): cannot evaluate 'balance > 1 / 0'"), failed.message());
        try (Ballast restarted = ballast(data, new ArrayList<>()).build()) {
            assertEquals(liveHash, restarted.stateHash(), "the journal still replays");
        }
    }

    private static String render(Decision decision) {
        Alert a = (Alert) decision;
        return a.rule() + " " + a.state().label() + " " + a.scope().key() + " " + a.value() + " " + a.threshold() + " seq " + a.journalSeq();
    }
}
