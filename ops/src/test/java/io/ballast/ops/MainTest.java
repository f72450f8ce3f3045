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
    void usageMistakesExitWithTwoAndSayWhat() {
        assertEquals(2, run());
        assertTrue(stderr().contains("a command is needed"), stderr());
        assertEquals(2, run("launch"));
        assertTrue(stderr().contains("Unmatched argument at index 0: 'launch'"), stderr());
        err.reset();
        assertEquals(2, run("replay"));
        assertTrue(stderr().startsWith("Missing required option: '--journal=DIR'"), stderr());
        err.reset();
        assertEquals(2, run("backtest", "--rules", "x.yaml"));
        assertTrue(stderr().startsWith("Error: Missing required argument (specify one of these): (--events=FILE | --journal=DIR)"), stderr());
        err.reset();
        assertEquals(2, run("run", "--port", "eighty"));
        assertTrue(stderr().startsWith("Invalid value for option '--port': 'eighty' is not an int"), stderr());
        err.reset();
        assertEquals(2, run("journal", "stats"));
        assertEquals(2, run("rules", "check"));
        assertEquals(2, run("rules"));
    }

    @Test
    void everyCommandHasHelpAndTheExitCodesAreDocumented() {
        for (List<String> command : List.<List<String>>of(List.of(), List.of("run"), List.of("rules"), List.of("rules", "check"), List.of("backtest"),
                List.of("replay"), List.of("journal"), List.of("journal", "stats"), List.of("journal", "dump"), List.of("version"))) {
            out.reset();
            List<String> args = new java.util.ArrayList<>(command);
            args.add("--help");
            assertEquals(0, run(args.toArray(String[]::new)), "help of " + command);
            String help = stdout();
            assertTrue(help.startsWith("Usage: ballast" + (command.isEmpty() ? "" : " " + String.join(" ", command))), help);
            assertTrue(help.contains("-h, --help"), help);
        }
        out.reset();
        assertEquals(0, run("--help"));
        assertTrue(stdout().contains("Exit codes:\n  0   success\n  1   the input had errors"), stdout());
    }

    @Test
    void versionNamesTheBuildAndTheJava() {
        assertEquals(0, run("version"));
        String version = stdout();
        assertTrue(version.matches("ballast \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\njava " + java.util.regex.Pattern.quote(System.getProperty("java.version"))
                + " .*, pekko 1\\.7\\.0, chronicle-queue 2026\\.4\n"), version);
        out.reset();
        assertEquals(0, run("--version"));
        assertEquals(version, stdout());
    }

    @Test
    void inputThatCannotBeUsedExitsWithOneAndSaysWhy(@TempDir Path dir) throws Exception {
        assertEquals(1, run("run", "--config", dir.resolve("missing.conf").toString()));
        assertEquals("bad config:\n  no config file " + dir.resolve("missing.conf") + "\n", stderr());

        err.reset();
        Path config = dir.resolve("ballast.conf");
        Files.writeString(config, "ballast {\n  http { prot = 9090 }\n  actions.mode = yolo\n  simulation.speed = fast\n}\n");
        assertEquals(1, run("run", "--config", config.toString()));
        assertEquals("bad config:\n"
                + "  " + config + ": 2: ballast.http.prot: unknown key (did you mean ballast.http.port?)\n", stderr(),
                "unknown keys are refused before the values are read");

        err.reset();
        Files.writeString(config, "ballast {\n  actions.mode = yolo\n  simulation.speed = fast\n  simulation.chains = [ethereum, solana]\n}\n");
        assertEquals(1, run("run", "--config", config.toString()));
        assertEquals("bad config:\n"
                + "  " + config + ": 2: ballast.actions.mode: must be monitor-only or publish, got 'yolo'\n"
                + "  " + config + ": 4: ballast.simulation.chains: unknown chain solana\n"
                + "  " + config + ": 3: ballast.simulation.speed has type STRING rather than NUMBER\n", stderr());

        err.reset();
        Files.writeString(config, String.join("\n",
                "ballast.chains {",
                "  arbitrum { htp = \"http://127.0.0.1:8545\", tokens { USDX = \"0x01\" } }",
                "  mychain { http = \"ws://127.0.0.1:8546\" }",
                "  base { http = \"https://base.example/KEY\", finality = depth, safe-depth = 9, finalized-depth = 3 }",
                "  optimism { http = \"http://127.0.0.1:8547\", batch-size = 0, request-timeout = 0s }",
                "}", ""));
        assertEquals(1, run("run", "--config", config.toString()));
        assertEquals("bad config:\n"
                + "  " + config + ": 2: ballast.chains.\"arbitrum\".htp: unknown key (did you mean http?)\n"
                + "  " + config + ": 2: ballast.chains.\"arbitrum\".tokens.\"USDX\": unknown asset USDX\n"
                + "  ballast.chains.\"arbitrum\".http: needs the node's JSON-RPC URL (http:// or https://), or a list of them to fail over between\n"
                + "  " + config + ": 4: ballast.chains.\"base\".finality: depth finality needs safe-depth and finalized-depth with 0 <= safe-depth <= finalized-depth\n"
                + "  " + config + ": 3: ballast.chains.\"mychain\": not a chain Ballast knows: give its chain-id, kind, block-time, finality\n"
                + "  " + config + ": 5: ballast.chains.\"optimism\".request-timeout: must be a positive duration, got PT0S\n"
                + "  " + config + ": 5: ballast.chains.\"optimism\".batch-size: must be at least 1, got 0\n"
                + "  " + config + ": 1: ballast.chains: following real chains needs the desk's accounts in ballast.accounts (address = label)\n", stderr(),
                "each chain's problems with their keys; the URL's key is never printed");

        err.reset();
        Files.writeString(config, String.join("\n",
                "ballast.cluster {",
                "  enabled = true",
                "  roles = [ingest, trading]",
                "  partitions = 0",
                "  seed-nodes = [\"10.0.0.1\"]",
                "}", ""));
        assertEquals(1, run("run", "--config", config.toString()));
        assertEquals("bad config:\n"
                + "  " + config + ": 4: ballast.cluster.partitions: must be at least 1, got 0\n"
                + "  " + config + ": 5: ballast.cluster.seed-nodes: not host:port: 10.0.0.1\n"
                + "  " + config + ": 3: ballast.cluster.roles: one or both of ingest and risk, got [ingest, trading]\n"
                + "  " + config + ": 2: ballast.cluster.enabled: a cluster is fed through Kafka: set ballast.kafka.bootstrap-servers\n", stderr(),
                "a cluster's settings, each with its line");

        err.reset();
        assertEquals(1, run("run", "--events", dir.resolve("none.jsonl").toString(), "--data", dir.resolve("data").toString()));
        assertEquals("no event file " + dir.resolve("none.jsonl") + "\n", stderr());

        err.reset();
        assertEquals(1, run("replay", "--journal", dir.toString()));
        assertEquals("no journal at " + dir + " (expected " + dir.resolve("inputs") + ")\n", stderr());

        err.reset();
        assertEquals(1, run("rules", "check", dir.resolve("none.yaml").toString()));
        assertTrue(stderr().startsWith(dir.resolve("none.yaml") + ":"), stderr());
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
