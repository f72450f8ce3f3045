package io.ballast.risk.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.ballast.risk.file.RuleScope;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Compiles conditions against the variables of their scope; the result must be a boolean. */
public final class ConditionCompiler {

    /** A compile error at a 1-based line and column of the expression text. */
    public record Problem(int line, int column, String message) {
    }

    /** Either a condition or the problems that stop it compiling. */
    public record Result(CompiledCondition condition, List<Problem> problems) {
    }

    /** {@code balance > 1000} should work: whole numbers compare with the double variables. */
    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

    private final Map<RuleScope.Kind, CelCompiler> compilers = new EnumMap<>(RuleScope.Kind.class);
    private final Map<RuleScope.Kind, CelCompiler> valueCompilers = new EnumMap<>(RuleScope.Kind.class);
    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    public ConditionCompiler() {
        for (RuleScope.Kind kind : RuleScope.Kind.values()) {
            compilers.put(kind, compilerFor(kind, SimpleType.BOOL));
            valueCompilers.put(kind, compilerFor(kind, SimpleType.DOUBLE));
        }
    }

    private static CelCompiler compilerFor(RuleScope.Kind kind, CelType result) {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS).setResultType(result);
        for (Variable variable : ScopeVariables.of(kind)) {
            builder.addVar(variable.name(), SimpleType.DOUBLE);
        }
        return builder.build();
    }

    /** A numeric expression (the threshold side of a comparison) as a double, or null when it is not one. */
    public CompiledValue compileValue(RuleScope.Kind scope, String text) {
        try {
            CelAbstractSyntaxTree ast = valueCompilers.get(scope).compile("double(" + text + ")").getAst();
            List<Variable> variables = ScopeVariables.of(scope);
            return new CompiledValue(runtime.createProgram(ast), DoubleLowering.number(ast, variables), variables);
        } catch (CelValidationException | CelEvaluationException e) {
            return null;
        }
    }

    public Result compile(RuleScope.Kind scope, String text) {
        return compile(scope, text, true);
    }

    /** @param lower whether to lower the condition where it can be (tests compare both ways) */
    Result compile(RuleScope.Kind scope, String text, boolean lower) {
        try {
            CelAbstractSyntaxTree ast = compilers.get(scope).compile(text).getAst();
            List<Variable> variables = ScopeVariables.of(scope);
            return new Result(new CompiledCondition(text, runtime.createProgram(ast),
                    lower ? DoubleLowering.condition(ast, variables) : null, variables), List.of());
        } catch (CelValidationException e) {
            List<Problem> problems = new ArrayList<>();
            for (CelIssue issue : e.getErrors()) {
                problems.add(new Problem(Math.max(1, issue.getSourceLocation().getLine()),
                        issue.getSourceLocation().getColumn() + 1, explain(scope, issue.getMessage())));
            }
            return new Result(null, problems);
        } catch (CelEvaluationException e) {
            return new Result(null, List.of(new Problem(1, 1, e.getMessage())));
        }
    }

    /**
     * CEL's messages name the problem; for an unknown variable we also say which ones the scope has,
     * and for a type mismatch what to write instead of CEL's list of every overload.
     */
    private static String explain(RuleScope.Kind scope, String message) {
        int candidates = message.indexOf(" (candidates");
        if (candidates >= 0) {
            String applied = message.substring(0, candidates);
            if (applied.endsWith("(int, double)'") || applied.endsWith("(double, int)'")) {
                return applied + ": write whole numbers as decimals (10.0, not 10)";
            }
            return applied + ": rule variables are numbers; compare and combine them with numbers";
        }
        if (message.startsWith("undeclared reference to '")) {
            StringBuilder known = new StringBuilder();
            for (Variable variable : ScopeVariables.of(scope)) {
                known.append(known.length() == 0 ? "" : ", ").append(variable.name());
            }
            String name = message.substring("undeclared reference to '".length(), message.indexOf('\'', 25));
            return "unknown variable '" + name + "' in " + scope.label() + " scope (known: " + known + ")";
        }
        return message;
    }
}
