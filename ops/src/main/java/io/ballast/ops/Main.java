package io.ballast.ops;

import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventFileReader;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.journal.Journal;
import io.ballast.engine.journal.JournalDump;
import io.ballast.engine.journal.JournalSettings;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureReport;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.StateSettings;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.LiquidationOrder;
import io.ballast.engine.decision.RebalanceOrder;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.risk.backtest.Backtest;
import io.ballast.risk.backtest.DecisionDiff;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.file.RuleFiles;
import io.ballast.risk.file.RuleSetLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code ballast} command. Exit codes: 0 success, 1 the input had errors, 2 usage error.
 *
 * <pre>
 * ballast run [--events FILE] [--data DIR] [--rules FILE...]
 *                                            ingest an event file (default examples/events.jsonl) into a
 *                                            journal (default ./data) under the rules (default
 *                                            examples/rules.yaml), print decisions and the exposure
 * ballast replay --journal DIR               rebuild state from a journal; print exposure and state hash
 * ballast journal stats|dump --journal DIR   describe or print a journal
 * ballast rules check FILE...                validate rule files: every error as file:line:col: message
 * ballast backtest --rules FILE... (--events FILE | --journal DIR) [--out FILE] [--compare FILE...]
 *                                            decisions as JSONL (to --out or stdout), a summary on stderr;
 *                                            with --compare, what a second rule set changes
 * </pre>
 */
public final class Main {

    private static final String USAGE = String.join("\n",
            "usage: ballast run [--events FILE] [--data DIR] [--rules FILE...]",
            "       ballast replay --journal DIR",
            "       ballast journal stats|dump --journal DIR",
            "       ballast rules check FILE...",
            "       ballast backtest --rules FILE... (--events FILE | --journal DIR) [--out FILE] [--compare FILE...]");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            return dispatch(args, out, err);
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /** The options each command takes; any other is refused rather than ignored. */
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "run", List.of("--events", "--data", "--rules"),
            "replay", List.of("--journal"),
            "journal", List.of("--journal"),
            "rules", List.of(),
            "backtest", List.of("--rules", "--events", "--journal", "--out", "--compare"));

    private static int dispatch(List<String> args, PrintStream out, PrintStream err) throws IOException {
        if (args.isEmpty() || args.contains("--help")) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        try {
            List<String> known = OPTIONS.getOrDefault(args.get(0), List.of());
            for (String arg : args) {
                if (arg.startsWith("--") && !known.contains(arg)) {
                    throw new UsageException("unknown option " + arg + " for " + args.get(0)
                            + (known.isEmpty() ? "" : " (it takes " + String.join(", ", known) + ")"));
                }
            }
            switch (args.get(0)) {
                case "run":
                    return ingest(Path.of(option(args, "--events", "examples/events.jsonl")), Path.of(option(args, "--data", "data")),
                            ruleFiles(args), out, err);
                case "replay":
                    return replay(Path.of(required(args, "--journal")), out);
                case "journal":
                    return journal(args, out);
                case "rules":
                    return rules(args, out, err);
                case "backtest":
                    return backtest(args, out, err);
                default:
                    err.println("unknown command '" + args.get(0) + "'\n" + USAGE);
                    return 2;
            }
        } catch (UsageException e) {
            err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        }
    }

    private static int ingest(Path events, Path data, List<Path> rules, PrintStream out, PrintStream err) {
        if (!Files.isRegularFile(events)) {
            err.println("no event file " + events);
            return 1;
        }
        Catalogue catalogue = Catalogue.defaults();
        DecisionJson decisions = new DecisionJson(catalogue);
        String source = events.toAbsolutePath().normalize().toString();
        long rejected;
        try (Ballast ballast = engine(catalogue).dataDirectory(data).build()) {
            ballast.subscribe(decision -> out.println(decisions.write(decision)));
            if (!rules.isEmpty()) {
                RulesVersionMarked ruleSet = RuleFiles.read(rules);
                if (!ruleSet.equals(ballast.query(state -> state.rules().orElse(null)))) {
                    ballast.submit(ruleSet);
                }
            }
            long resumeAfter = ballast.sourcePosition(source);
            rejected = new EventFileReader(new EventJson(catalogue)).read(events, (line, event) -> {
                if (line > resumeAfter) {
                    ballast.submit(source, line, event);
                }
            }, error -> err.println(error));
            out.print(ballast.exposureReport());
            out.println("state " + ballast.stateHash());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
        return rejected == 0 ? 0 : 1;
    }

    /** The engine every command runs: the built-in decision makers plus the rules. */
    private static Ballast.Builder engine(Catalogue catalogue) {
        Ballast.Builder engine = Ballast.builder();
        RuleEngine.addTo(engine, catalogue);
        return engine;
    }

    /** The files after --rules up to the next option; examples/rules.yaml when --rules is absent. */
    private static List<Path> ruleFiles(List<String> args) {
        if (!args.contains("--rules")) {
            Path example = Path.of("examples/rules.yaml");
            return Files.isRegularFile(example) ? List.of(example) : List.of();
        }
        return files(args, "--rules");
    }

    /** The files after {@code option} up to the next option, at least one; none when the option is absent. */
    private static List<Path> files(List<String> args, String option) {
        int at = args.indexOf(option);
        if (at < 0) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (int i = at + 1; i < args.size() && !args.get(i).startsWith("--"); i++) {
            files.add(Path.of(args.get(i)));
        }
        if (files.isEmpty()) {
            throw new UsageException(option + " needs one or more files");
        }
        return files;
    }

    private static int backtest(List<String> args, PrintStream out, PrintStream err) throws IOException {
        List<Path> rules = files(args, "--rules");
        String events = option(args, "--events", null);
        String journal = option(args, "--journal", null);
        if (rules.isEmpty() || (events == null) == (journal == null)) {
            throw new UsageException("backtest needs --rules and one of --events or --journal");
        }
        Catalogue catalogue = Catalogue.defaults();
        Backtest backtest = new Backtest(catalogue);
        Progress progress = new Progress(err);
        Backtest.Result result;
        Backtest.Result compared = null;
        try {
            result = events != null ? backtest.ofEvents(rules, Path.of(events), progress::show)
                    : backtest.ofJournal(rules, Path.of(journal), progress::show);
            List<Path> other = files(args, "--compare");
            if (!other.isEmpty()) {
                compared = events != null ? backtest.ofEvents(other, Path.of(events), progress::show)
                        : backtest.ofJournal(other, Path.of(journal), progress::show);
            }
        } catch (IllegalArgumentException e) {
            progress.done();
            err.println(e.getMessage());
            return 1;
        }
        progress.done();
        DecisionJson json = new DecisionJson(catalogue);
        StringBuilder lines = new StringBuilder();
        result.decisions().forEach(decision -> lines.append(json.write(decision)).append('\n'));
        String outFile = option(args, "--out", null);
        if (outFile != null) {
            Files.writeString(Path.of(outFile), lines);
        } else if (compared == null) {
            out.print(lines);
        }
        result.rejected().forEach(err::println);
        err.println(summary(result));
        if (compared != null) {
            List<String> diff = DecisionDiff.compare(result.decisions(), compared.decisions(), json::write);
            diff.forEach(out::println);
            err.println("compared with " + files(args, "--compare") + ": " + count(diff, "+ ") + " appeared, " + count(diff, "- ")
                    + " disappeared, " + count(diff, "~ ") + " changed");
        }
        return result.rejected().isEmpty() ? 0 : 1;
    }

    private static String summary(Backtest.Result result) {
        long alerts = result.decisions().stream().filter(d -> d instanceof Alert).count();
        long rebalances = result.decisions().stream().filter(d -> d instanceof RebalanceOrder).count();
        long liquidations = result.decisions().stream().filter(d -> d instanceof LiquidationOrder).count();
        return "backtest: " + result.events() + " events, " + result.rejected().size() + " rejected lines; " + alerts + " alerts, "
                + rebalances + " rebalance orders, " + liquidations + " liquidation orders; state " + result.stateHash();
    }

    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).count();
    }

    private static int replay(Path journal, PrintStream out) {
        requireJournal(journal);
        Catalogue catalogue = Catalogue.defaults();
        ExposureState state = Ballast.replay(journal, catalogue, StateSettings.defaults(), RuleEngine.withBuiltIns(catalogue), decision -> { });
        out.print(ExposureReport.render(state));
        out.println("state " + StateCodec.hash(state));
        return 0;
    }

    private static int journal(List<String> args, PrintStream out) {
        String what = args.size() > 1 ? args.get(1) : "";
        Path dir = Path.of(required(args, "--journal"));
        requireJournal(dir);
        try (Journal journal = Journal.open(dir, JournalSettings.defaults())) {
            if (what.equals("stats")) {
                out.print(journal.stats().render());
            } else if (what.equals("dump")) {
                Catalogue catalogue = Catalogue.defaults();
                new JournalDump(new EventJson(catalogue), new DecisionJson(catalogue)).dump(journal, out::println);
            } else {
                throw new UsageException("journal needs stats or dump");
            }
        }
        return 0;
    }

    private static int rules(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() < 3 || !args.get(1).equals("check")) {
            throw new UsageException("rules check needs one or more rule files");
        }
        List<Path> files = args.subList(2, args.size()).stream().map(Path::of).toList();
        RuleSetLoader.Result result = new RuleSetLoader(Catalogue.defaults()).loadFiles(files);
        if (!result.ok()) {
            result.errors().forEach(err::println);
            err.println(result.errors().size() + " error" + (result.errors().size() == 1 ? "" : "s"));
            return 1;
        }
        out.println("ok: " + result.ruleSet().rules().size() + " rules, " + result.ruleSet().inventory().size()
                + " inventory targets, " + result.ruleSet().groups().size() + " groups in " + files.size() + " file"
                + (files.size() == 1 ? "" : "s"));
        return 0;
    }

    private static void requireJournal(Path dir) {
        if (!Files.isDirectory(dir.resolve("inputs"))) {
            throw new UsageException("no journal at " + dir + " (expected " + dir.resolve("inputs") + ")");
        }
    }

    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        if (at < 0) {
            return fallback;
        }
        if (at + 1 >= args.size()) {
            throw new UsageException(name + " needs a value");
        }
        return args.get(at + 1);
    }

    private static String required(List<String> args, String name) {
        String value = option(args, name, null);
        if (value == null) {
            throw new UsageException("missing " + name);
        }
        return value;
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
