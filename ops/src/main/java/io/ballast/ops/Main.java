package io.ballast.ops;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ballast} command. Exit codes: 0 success, 1 the input had errors (rejected lines, rule
 * file errors, a bad config, a missing file), 2 usage error.
 */
@Command(name = "ballast", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Ballast: a cross-L2 inventory risk engine.",
        subcommands = {RunCommand.class, RulesCommand.class, BacktestCommand.class, ReplayCommand.class, JournalCommand.class,
                VersionCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the input had errors (rejected lines, rule file errors, a bad config, a missing file)", "2:usage error"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the command line with these streams; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new Main());
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        line.setExecutionExceptionHandler((exception, commandLine, parsed) -> {
            if (exception instanceof InputProblem problem) {
                commandLine.getErr().println(problem.getMessage());
                return InputProblem.EXIT_CODE;
            }
            throw exception;
        });
        try {
            return line.execute(args.toArray(String[]::new));
        } finally {
            line.getOut().flush();
            line.getErr().flush();
        }
    }

    /** {@code ballast} alone: the usage, as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }
}
