package io.ballast.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ballast command as a user runs it: output, errors and exit codes. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void rulesCheckAcceptsTheExampleAndRejectsABadFileWithLocatedErrors(@TempDir Path dir) throws Exception {
        assertEquals(0, run("rules", "check", "../examples/rules.yaml"));
        assertEquals("ok: 6 rules, 1 inventory targets, 1 groups in 1 file\n", out.toString(StandardCharsets.UTF_8));

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "rules:\n  - { id: x, scope: portfolio, when: 'solvency < 1.1', severity: critical }\n");
        assertEquals(1, run("rules", "check", bad.toString()));
        assertEquals(bad + ":2:39: unknown variable 'solvency' in portfolio scope (known: usd, effective_usd, in_flight_usd, "
                + "liabilities_usd, solvency_ratio, overdue_transfers, unpriced_assets)\n1 error\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runIngestsTheExampleAndReplayReproducesItsState(@TempDir Path dir) {
        String data = dir.resolve("data").toString();
        assertEquals(0, run("run", "--events", "../examples/events.jsonl", "--data", data));
        String live = out.toString(StandardCharsets.UTF_8);
        assertTrue(live.contains("balance base USDC 0xdesk finalized 120000 safe -25000 unsafe 0 pending 0\n"), live);
        String state = live.substring(live.lastIndexOf("state "));

        out.reset();
        assertEquals(0, run("replay", "--journal", dir.resolve("data/journal").toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith(state), "replay prints the same state hash");

        out.reset();
        assertEquals(0, run("journal", "stats", "--journal", dir.resolve("data/journal").toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("inputs 35 (seq 1..35)\n"));
    }

    @Test
    void backtestWritesTheDecisionsAndComparesRuleSets(@TempDir Path dir) throws Exception {
        Path decisions = dir.resolve("decisions.jsonl");
        assertEquals(0, run("backtest", "--rules", "../examples/rules.yaml", "--events", "../examples/events.jsonl", "--out",
                decisions.toString()));
        assertEquals(Files.readString(Path.of("../examples/decisions.jsonl")), Files.readString(decisions));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(
                "backtest: 35 events, 0 rejected lines; 5 alerts, 3 rebalance orders, 0 liquidation orders; state "));

        err.reset();
        assertEquals(0, run("backtest", "--rules", "../examples/rules.yaml", "--events", "../examples/events.jsonl", "--compare",
                "../examples/rules.yaml"));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "a rule set compared with itself changes nothing");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(": 0 appeared, 0 disappeared, 0 changed"));
    }

    @Test
    void usageMistakesExitWithTwo() {
        assertEquals(2, run());
        assertEquals(2, run("launch"));
        assertEquals(2, run("replay"));
        assertEquals(2, run("backtest", "--rules", "x.yaml"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing --journal"));

        err.reset();
        assertEquals(2, run("run", "--config", "ballast.conf"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("unknown option --config for run (it takes --events, --data, --rules)"));
    }
}
