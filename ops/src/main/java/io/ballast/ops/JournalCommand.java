package io.ballast.ops;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.journal.Journal;
import io.ballast.engine.journal.JournalDump;
import io.ballast.engine.journal.JournalSettings;
import io.ballast.engine.model.Catalogue;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ballast journal stats|dump --journal DIR}. */
@Command(name = "journal", mixinStandardHelpOptions = true, description = "Describe or print a journal.",
        subcommands = {JournalCommand.Stats.class, JournalCommand.Dump.class})
final class JournalCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "journal needs a subcommand: stats or dump");
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Counts, sequence ranges, cycles and size of a journal.")
    static final class Stats implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        JournalOption journal;

        @Override
        public Integer call() {
            try (Journal opened = Journal.open(journal.existing(), JournalSettings.defaults())) {
                spec.commandLine().getOut().print(opened.stats().render());
            }
            return 0;
        }
    }

    @Command(name = "dump", mixinStandardHelpOptions = true, description = "Every input and decision of a journal as JSON lines, in order.")
    static final class Dump implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        JournalOption journal;

        @Override
        public Integer call() {
            Catalogue catalogue = Catalogue.defaults();
            PrintWriter out = spec.commandLine().getOut();
            try (Journal opened = Journal.open(journal.existing(), JournalSettings.defaults())) {
                new JournalDump(new EventJson(catalogue), new DecisionJson(catalogue)).dump(opened, out::println);
            }
            return 0;
        }
    }
}
