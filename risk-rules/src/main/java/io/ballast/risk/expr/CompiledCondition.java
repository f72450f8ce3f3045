package io.ballast.risk.expr;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.List;

/**
 * A compiled {@code when} or {@code clear-when}: a side-effect-free boolean over a scope's variables.
 * It runs as lowered Java nodes where {@link DoubleLowering} covers the expression, else on the CEL
 * interpreter; either way with CEL's meaning.
 */
public final class CompiledCondition {

    private final String text;
    private final CelRuntime.Program program;
    private final DoubleLowering.TruthNode lowered;
    private final long reads;
    private final List<Variable> variables;

    CompiledCondition(String text, CelRuntime.Program program, DoubleLowering.LoweredCondition lowered, List<Variable> variables) {
        this.text = text;
        this.program = program;
        this.lowered = lowered == null ? null : lowered.node();
        this.reads = lowered == null ? -1L : lowered.reads();
        this.variables = variables;
    }

    public String text() {
        return text;
    }

    /** The slots of the variables the condition reads, one bit each (all bits when it runs on the interpreter). */
    public long reads() {
        return reads;
    }

    /** Whether the lowered form runs (rather than the CEL interpreter). */
    public boolean isLowered() {
        return lowered != null;
    }

    /** @throws IllegalStateException when evaluation fails (a division by zero yields infinity, not an error) */
    public boolean test(Variables values) {
        if (lowered != null) {
            return lowered.test(values);
        }
        try {
            return (Boolean) program.eval(ScopeVariables.asMap(variables, values));
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("cannot evaluate '" + text + "': " + e.getMessage(), e);
        }
    }
}
