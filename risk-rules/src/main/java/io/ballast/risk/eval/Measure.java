package io.ballast.risk.eval;

import io.ballast.risk.expr.CompiledValue;
import io.ballast.risk.expr.ConditionCompiler;
import io.ballast.risk.expr.ScopeVariables;
import io.ballast.risk.expr.Variable;
import io.ballast.risk.expr.Variables;
import io.ballast.risk.file.Rule;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an alert reports as its value and threshold. For a condition of the form
 * {@code variable <op> expression} they are the variable and the expression; for anything else
 * both are NaN (published as null) and the message carries the condition.
 */
final class Measure {

    private static final Pattern COMPARISON = Pattern.compile("^\\s*([a-z_][a-z0-9_]*)\\s*(<=|>=|==|!=|<|>)\\s*([^&|?]+?)\\s*$");
    private static final int NO_VARIABLE = -1;

    private final int slot;
    private final CompiledValue threshold;

    private Measure(int slot, CompiledValue threshold) {
        this.slot = slot;
        this.threshold = threshold;
    }

    static Measure of(Rule rule, ConditionCompiler compiler) {
        Matcher comparison = COMPARISON.matcher(rule.when().text());
        if (comparison.matches() && ScopeVariables.of(rule.scope().kind()).stream().map(Variable::name)
                .anyMatch(comparison.group(1)::equals)) {
            CompiledValue rhs = compiler.compileValue(rule.scope().kind(), comparison.group(3));
            if (rhs != null) {
                return new Measure(ScopeVariables.slot(rule.scope().kind(), comparison.group(1)), rhs);
            }
        }
        return new Measure(NO_VARIABLE, null);
    }

    double value(Variables variables) {
        return slot == NO_VARIABLE ? Double.NaN : variables.value(slot);
    }

    double threshold(Variables variables) {
        return threshold == null ? Double.NaN : threshold.value(variables);
    }
}
