package io.ballast.risk.eval;

import io.ballast.engine.InputCheck;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.model.Catalogue;
import io.ballast.risk.file.RuleFileError;
import io.ballast.risk.file.RuleSetLoader;
import java.util.stream.Collectors;

/** Refuses a rule set that does not validate, before it is journalled; the rules in force stay in force. */
public final class RuleSetCheck implements InputCheck {

    private final RuleSetLoader loader;

    public RuleSetCheck(Catalogue catalogue) {
        this.loader = new RuleSetLoader(catalogue);
    }

    @Override
    public void check(Event event) {
        if (event instanceof RulesVersionMarked rules) {
            RuleSetLoader.Result result = loader.load(rules.files());
            if (!result.ok()) {
                throw new IllegalArgumentException("rule set " + rules.version() + " rejected; the rules in force stay:\n"
                        + result.errors().stream().map(RuleFileError::toString).collect(Collectors.joining("\n")));
            }
        }
    }
}
