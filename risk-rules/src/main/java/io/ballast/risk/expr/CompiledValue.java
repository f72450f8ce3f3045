package io.ballast.risk.expr;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.List;

/** A compiled numeric expression over a scope's variables, lowered like {@link CompiledCondition} where it can be. */
public final class CompiledValue {

    private final CelRuntime.Program program;
    private final DoubleLowering.NumberNode lowered;
    private final List<Variable> variables;

    CompiledValue(CelRuntime.Program program, DoubleLowering.NumberNode lowered, List<Variable> variables) {
        this.program = program;
        this.lowered = lowered;
        this.variables = variables;
    }

    /** The value, or NaN when it cannot be evaluated. */
    public double value(Variables values) {
        if (lowered != null) {
            return lowered.eval(values);
        }
        try {
            return ((Number) program.eval(ScopeVariables.asMap(variables, values))).doubleValue();
        } catch (CelEvaluationException e) {
            return Double.NaN;
        }
    }
}
