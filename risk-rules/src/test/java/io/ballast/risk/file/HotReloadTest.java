package io.ballast.risk.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.model.Catalogue;
import io.ballast.risk.eval.RuleEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed rule file is validated and swapped in; a bad one is rejected with an alert naming it, and the old rules keep running. */
class HotReloadTest {

    private static final String LOW = "rules: [ { id: low, scope: { asset: USDC, chain: base }, when: balance < LIMIT, severity: warning } ]\n";

    @Test
    void aChangedFileGoesIntoForceAndABadOneIsRejectedWhileTheOldRulesRun(@TempDir Path dir) throws Exception {
        Catalogue catalogue = Catalogue.defaults();
        EventJson json = new EventJson(catalogue);
        Path file = dir.resolve("limits.yaml");
        Files.writeString(file, LOW.replace("LIMIT", "100"));
        List<Decision> decisions = new CopyOnWriteArrayList<>();
        try (Ballast ballast = Ballast.builder().dataDirectory(dir.resolve("data")).decisionMaker(new RuleEngine(catalogue))
                .onDecision(decisions::add).build();
             RuleFileWatcher watcher = new RuleFileWatcher(List.of(file), null, ballast::submit, 20)) {
            String first = RuleFiles.read(List.of(file)).version();
            await(() -> ballast.query(s -> s.rules().map(r -> r.version()).orElse("")).equals(first));

            ballast.submit(json.read("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"150\"}"));
            assertEquals(List.of(), decisions, "150 is not below 100");

            Files.writeString(file, LOW.replace("LIMIT", "200"));
            String second = RuleFiles.read(List.of(file)).version();
            await(() -> !decisions.isEmpty());
            assertEquals(second, ballast.query(s -> s.rules().orElseThrow().version()));
            assertEquals("low firing", render(decisions.get(0)), "the new limit applies at once");

            Files.writeString(file, LOW.replace("balance < LIMIT", "balanse < 300"));
            String bad = RuleFiles.read(List.of(file)).version();
            await(() -> decisions.size() >= 2);
            Alert rejected = (Alert) decisions.get(1);
            assertEquals("rules-rejected", rejected.rule());
            assertEquals("rule set " + bad + " rejected, " + second + " stays in force: " + file + ":1:64: unknown variable "
                    + "'balanse' in asset-chain scope (known: balance, effective, pending, in_flight, usd, share, allocation, target, "
                    + "threshold)", rejected.message());
            assertEquals(second, ballast.query(s -> s.rules().orElseThrow().version()), "the old rules stay in force");

            ballast.submit(json.read("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"250\"}"));
            assertEquals("low resolved", render(decisions.get(2)), "and keep running: 250 is not below 200");

            Files.writeString(file, LOW.replace("LIMIT", "300"));
            await(() -> decisions.size() >= 5);
            assertEquals(List.of("rules-rejected resolved", "low firing"), decisions.subList(3, 5).stream().map(HotReloadTest::render).toList());
        }
    }

    private static String render(Decision decision) {
        Alert alert = (Alert) decision;
        return alert.rule() + " " + alert.state().label();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for the watcher");
            Thread.sleep(10);
        }
    }
}
