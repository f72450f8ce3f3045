package io.ballast.risk.expr;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/** A compiled {@code when} or {@code clear-when}: a side-effect-free boolean over a scope's variables. */
public final class CompiledCondition {

    private final String text;
    private final CelRuntime.Program program;

    CompiledCondition(String text, CelRuntime.Program program) {
        this.text = text;
        this.program = program;
    }

    public String text() {
        return text;
    }

    /** @throws IllegalStateException when evaluation fails (a division by zero yields infinity, not an error) */
    public boolean test(Map<String, Object> variables) {
        try {
            return (Boolean) program.eval(variables);
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("cannot evaluate '" + text + "': " + e.getMessage(), e);
        }
    }
}
