package io.ballast.ops;

import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.decision.LiquidationOrder;
import io.ballast.engine.decision.RebalanceOrder;
import io.ballast.engine.model.Catalogue;
import io.ballast.risk.backtest.Backtest;
import io.ballast.risk.backtest.DecisionDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ballast backtest --rules FILE... (--events FILE | --journal DIR) [--out FILE] [--compare FILE...]}. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Back-test rule files on recorded events.",
            "Run recorded events through the engine with these rules: decisions as JSON lines (to --out or stdout),",
            "a summary on stderr, a progress bar on a terminal. With --compare, what a second rule set changes (+ appeared,",
            "- disappeared, ~ changed). Exit 1 when lines were rejected."})
final class BacktestCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--rules", required = true, arity = "1..*", paramLabel = "FILE", description = "the rule files")
    List<Path> rules;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @CommandLine.Option(names = "--events", paramLabel = "FILE", description = "an event file (JSON lines, docs/events.md)")
        Path events;

        @CommandLine.Option(names = "--journal", paramLabel = "DIR", description = "a journal directory")
        Path journal;
    }

    @CommandLine.Option(names = "--out", paramLabel = "FILE", description = "write the decisions here instead of stdout")
    Path out;

    @CommandLine.Option(names = "--compare", arity = "1..*", paramLabel = "FILE", description = "a second rule set to compare with")
    List<Path> compare = List.of();

    @Override
    public Integer call() throws IOException {
        Catalogue catalogue = Catalogue.defaults();
        Backtest backtest = new Backtest(catalogue);
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, total());
        Backtest.Result result;
        Backtest.Result compared = null;
        try {
            result = run(backtest, rules, progress);
            if (!compare.isEmpty()) {
                compared = run(backtest, compare, new Progress(err, progress.total()));
            }
        } catch (IllegalArgumentException e) {
            progress.done();
            throw new InputProblem(e.getMessage());
        }
        progress.done();
        DecisionJson json = new DecisionJson(catalogue);
        StringBuilder lines = new StringBuilder();
        result.decisions().forEach(decision -> lines.append(json.write(decision)).append('\n'));
        PrintWriter stdout = spec.commandLine().getOut();
        if (out != null) {
            Files.writeString(out, lines);
        } else if (compared == null) {
            stdout.print(lines);
            stdout.flush();
        }
        result.rejected().forEach(err::println);
        err.println(summary(result));
        if (compared != null) {
            List<String> diff = DecisionDiff.compare(result.decisions(), compared.decisions(), json::write);
            diff.forEach(stdout::println);
            err.println("compared with " + compare + ": " + count(diff, "+ ") + " appeared, " + count(diff, "- ") + " disappeared, "
                    + count(diff, "~ ") + " changed");
        }
        return result.rejected().isEmpty() ? 0 : 1;
    }

    private Backtest.Result run(Backtest backtest, List<Path> ruleFiles, Progress progress) {
        if (input.events != null) {
            if (!Files.isRegularFile(input.events)) {
                throw new InputProblem("no event file " + input.events);
            }
            return backtest.ofEvents(ruleFiles, input.events, progress::show);
        }
        return backtest.ofJournal(ruleFiles, JournalOption.existing(input.journal), progress::show);
    }

    /** The events to go through, for the bar: lines of the file; unknown (0) for a journal or off a terminal. */
    private long total() {
        if (input.events == null || !Progress.onTerminal() || !Files.isRegularFile(input.events)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(input.events)) {
            return lines.count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
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
}
