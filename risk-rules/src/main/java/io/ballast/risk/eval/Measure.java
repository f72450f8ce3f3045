package io.ballast.risk.eval;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.ballast.risk.expr.ConditionCompiler;
import io.ballast.risk.expr.ScopeVariables;
import io.ballast.risk.expr.Variable;
import io.ballast.risk.file.Rule;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an alert reports as its value and threshold. For a condition of the form
 * {@code variable <op> expression} they are the variable and the expression; for anything else
 * both are NaN (published as null) and the message carries the condition.
 */
final class Measure {

    private static final Pattern COMPARISON = Pattern.compile("^\\s*([a-z_][a-z0-9_]*)\\s*(<=|>=|==|!=|<|>)\\s*([^&|?]+?)\\s*$");

    private final String variable;
    private final CelRuntime.Program threshold;

    private Measure(String variable, CelRuntime.Program threshold) {
        this.variable = variable;
        this.threshold = threshold;
    }

    static Measure of(Rule rule, ConditionCompiler compiler) {
        Matcher comparison = COMPARISON.matcher(rule.when().text());
        if (comparison.matches() && ScopeVariables.of(rule.scope().kind()).stream().map(Variable::name)
                .anyMatch(comparison.group(1)::equals)) {
            CelRuntime.Program rhs = compiler.compileValue(rule.scope().kind(), comparison.group(3));
            if (rhs != null) {
                return new Measure(comparison.group(1), rhs);
            }
        }
        return new Measure(null, null);
    }

    double value(Map<String, Object> variables) {
        return variable == null ? Double.NaN : (Double) variables.get(variable);
    }

    double threshold(Map<String, Object> variables) {
        if (threshold == null) {
            return Double.NaN;
        }
        try {
            return ((Number) threshold.eval(variables)).doubleValue();
        } catch (CelEvaluationException e) {
            return Double.NaN;
        }
    }
}
