package io.ballast.ops;

import io.ballast.engine.model.Catalogue;
import io.ballast.risk.file.RuleSetLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ballast rules check FILE...}. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with rule files.",
        subcommands = RulesCommand.Check.class)
final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "rules needs a subcommand: check");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate rule files (format: docs/rules.md); every error as file:line:col: message. Exit 0 or 1.")
    static final class Check implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(arity = "1..*", paramLabel = "FILE", description = "rule files, checked together as one rule set")
        List<Path> files;

        @Override
        public Integer call() {
            RuleSetLoader.Result result = new RuleSetLoader(Catalogue.defaults()).loadFiles(files);
            if (!result.ok()) {
                PrintWriter err = spec.commandLine().getErr();
                result.errors().forEach(err::println);
                err.println(result.errors().size() + " error" + (result.errors().size() == 1 ? "" : "s"));
                return 1;
            }
            spec.commandLine().getOut().println("ok: " + result.ruleSet().rules().size() + " rules, " + result.ruleSet().inventory().size()
                    + " inventory targets, " + result.ruleSet().groups().size() + " groups in " + files.size() + " file"
                    + (files.size() == 1 ? "" : "s"));
            return 0;
        }
    }
}
