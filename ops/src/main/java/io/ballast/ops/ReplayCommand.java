package io.ballast.ops;

import io.ballast.engine.Ballast;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureReport;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateCodec;
import io.ballast.engine.state.StateSettings;
import io.ballast.risk.eval.RuleEngine;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ballast replay --journal DIR}. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rebuild the state from a journal, with the rules in force at each point; print the exposure and the state hash.")
final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    JournalOption journal;

    @Override
    public Integer call() {
        Catalogue catalogue = Catalogue.defaults();
        ExposureState state = Ballast.replay(journal.existing(), catalogue, StateSettings.defaults(),
                RuleEngine.withBuiltIns(catalogue), decision -> { });
        PrintWriter out = spec.commandLine().getOut();
        out.print(ExposureReport.render(state));
        out.println("state " + StateCodec.hash(state));
        return 0;
    }
}
