package io.ballast.risk.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import java.util.List;

/**
 * Lowers a type-checked CEL expression over the double variables of a scope into plain Java nodes,
 * so that a rule costs nanoseconds rather than a trip through the CEL interpreter and a map of boxed
 * values. Only the part of CEL whose meaning on doubles equals Java's is lowered: double literals,
 * whole-number literals below 2^53 (exact as doubles, as CEL's heterogeneous comparisons treat them),
 * variables, {@code + - * /}, negation, comparisons, {@code && || !}, {@code ?:} and {@code double()}.
 * None of these can raise a CEL error on doubles (division by zero gives an infinity in both), so
 * short-circuiting is exact. Anything else, e.g. integer arithmetic, is declined and the caller keeps
 * the CEL program.
 */
final class DoubleLowering {

    /** A numeric node. */
    @FunctionalInterface
    interface NumberNode {
        double eval(Variables variables);
    }

    /** A boolean node. */
    @FunctionalInterface
    interface TruthNode {
        boolean test(Variables variables);
    }

    /** Thrown inside the walk when a node is outside the lowered subset. */
    private static final class Declined extends Exception {
        Declined() {
            super(null, null, false, false);
        }
    }

    private static final long EXACT_LIMIT = 1L << 53;

    private final CelAbstractSyntaxTree ast;
    private final List<Variable> variables;
    /** The slots the expression reads, one bit each. */
    private long reads;

    private DoubleLowering(CelAbstractSyntaxTree ast, List<Variable> variables) {
        this.ast = ast;
        this.variables = variables;
    }

    /** A lowered condition and the slots it reads. */
    record LoweredCondition(TruthNode node, long reads) {
    }

    /** The boolean expression as a node, or null when it is outside the lowered subset. */
    static LoweredCondition condition(CelAbstractSyntaxTree ast, List<Variable> variables) {
        try {
            DoubleLowering lowering = new DoubleLowering(ast, variables);
            TruthNode node = lowering.truth(ast.getExpr());
            return new LoweredCondition(node, lowering.reads);
        } catch (Declined declined) {
            return null;
        }
    }

    /** The numeric expression as a node, or null when it is outside the lowered subset. */
    static NumberNode number(CelAbstractSyntaxTree ast, List<Variable> variables) {
        try {
            return new DoubleLowering(ast, variables).number(ast.getExpr());
        } catch (Declined declined) {
            return null;
        }
    }

    private TruthNode truth(CelExpr expr) throws Declined {
        switch (expr.getKind()) {
            case CONSTANT:
                if (expr.constant().getKind() != CelConstant.Kind.BOOLEAN_VALUE) {
                    throw new Declined();
                }
                boolean constant = expr.constant().booleanValue();
                return v -> constant;
            case CALL:
                return truthCall(expr);
            default:
                throw new Declined();
        }
    }

    private TruthNode truthCall(CelExpr expr) throws Declined {
        List<CelExpr> args = expr.call().args();
        if (expr.call().target().isPresent()) {
            throw new Declined();
        }
        switch (expr.call().function()) {
            case "_&&_": {
                TruthNode a = truth(args.get(0));
                TruthNode b = truth(args.get(1));
                return v -> a.test(v) && b.test(v);
            }
            case "_||_": {
                TruthNode a = truth(args.get(0));
                TruthNode b = truth(args.get(1));
                return v -> a.test(v) || b.test(v);
            }
            case "!_": {
                TruthNode a = truth(args.get(0));
                return v -> !a.test(v);
            }
            case "_?_:_": {
                TruthNode condition = truth(args.get(0));
                TruthNode then = truth(args.get(1));
                TruthNode otherwise = truth(args.get(2));
                return v -> condition.test(v) ? then.test(v) : otherwise.test(v);
            }
            case "_==_":
            case "_!=_":
                if (isBool(args.get(0)) && isBool(args.get(1))) {
                    TruthNode a = truth(args.get(0));
                    TruthNode b = truth(args.get(1));
                    return expr.call().function().equals("_==_") ? v -> a.test(v) == b.test(v) : v -> a.test(v) != b.test(v);
                }
                return comparison(expr.call().function(), args);
            case "_<_":
            case "_<=_":
            case "_>_":
            case "_>=_":
                return comparison(expr.call().function(), args);
            default:
                throw new Declined();
        }
    }

    /**
     * A comparison of two numbers. Between doubles CEL compares as Java does (NaN compares false);
     * a double against a whole number is CEL's heterogeneous comparison, which orders NaN above
     * every number, as {@link Double#compare} does.
     */
    private TruthNode comparison(String function, List<CelExpr> args) throws Declined {
        if (args.get(0).getKind() == CelExpr.ExprKind.Kind.IDENT && args.get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
            return variableAgainstConstant(function, variableSlot(args.get(0)), constant(args.get(1).constant()), !isDouble(args.get(1)));
        }
        NumberNode a = number(args.get(0));
        NumberNode b = number(args.get(1));
        if (isDouble(args.get(0)) && isDouble(args.get(1))) {
            return comparison(function, a, b);
        }
        switch (function) {
            case "_<_":
                return v -> Double.compare(a.eval(v), b.eval(v)) < 0;
            case "_<=_":
                return v -> Double.compare(a.eval(v), b.eval(v)) <= 0;
            case "_>_":
                return v -> Double.compare(a.eval(v), b.eval(v)) > 0;
            case "_>=_":
                return v -> Double.compare(a.eval(v), b.eval(v)) >= 0;
            case "_==_":
                return v -> !Double.isNaN(a.eval(v)) && a.eval(v) == b.eval(v);
            case "_!=_":
                return v -> Double.isNaN(a.eval(v)) || a.eval(v) != b.eval(v);
            default:
                throw new Declined();
        }
    }

    /**
     * The most common condition, {@code variable <op> constant}, as one node: a rule is then two
     * objects to touch, not four. Against a whole number, CEL's ordering (NaN above all) as above.
     */
    private static TruthNode variableAgainstConstant(String function, int slot, double c, boolean wholeNumber) throws Declined {
        if (wholeNumber) {
            switch (function) {
                case "_<_":
                    return v -> Double.compare(v.value(slot), c) < 0;
                case "_<=_":
                    return v -> Double.compare(v.value(slot), c) <= 0;
                case "_>_":
                    return v -> Double.compare(v.value(slot), c) > 0;
                case "_>=_":
                    return v -> Double.compare(v.value(slot), c) >= 0;
                default:
                    throw new Declined();
            }
        }
        switch (function) {
            case "_<_":
                return v -> v.value(slot) < c;
            case "_<=_":
                return v -> v.value(slot) <= c;
            case "_>_":
                return v -> v.value(slot) > c;
            case "_>=_":
                return v -> v.value(slot) >= c;
            case "_==_":
                return v -> v.value(slot) == c;
            case "_!=_":
                return v -> v.value(slot) != c;
            default:
                throw new Declined();
        }
    }

    private static TruthNode comparison(String function, NumberNode a, NumberNode b) throws Declined {
        switch (function) {
            case "_<_":
                return v -> a.eval(v) < b.eval(v);
            case "_<=_":
                return v -> a.eval(v) <= b.eval(v);
            case "_>_":
                return v -> a.eval(v) > b.eval(v);
            case "_>=_":
                return v -> a.eval(v) >= b.eval(v);
            case "_==_":
                return v -> a.eval(v) == b.eval(v);
            case "_!=_":
                return v -> a.eval(v) != b.eval(v);
            default:
                throw new Declined();
        }
    }

    private NumberNode number(CelExpr expr) throws Declined {
        switch (expr.getKind()) {
            case CONSTANT:
                double constant = constant(expr.constant());
                return v -> constant;
            case IDENT:
                int slot = variableSlot(expr);
                return v -> v.value(slot);
            case CALL:
                return numberCall(expr);
            default:
                throw new Declined();
        }
    }

    private NumberNode numberCall(CelExpr expr) throws Declined {
        List<CelExpr> args = expr.call().args();
        String function = expr.call().function();
        if (expr.call().target().isPresent()) {
            throw new Declined();
        }
        if (function.equals("double") && args.size() == 1) {
            CelExpr arg = args.get(0);
            if (isDouble(arg) || arg.getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
                return number(arg);
            }
            throw new Declined();
        }
        if (!isDouble(expr)) {
            throw new Declined(); // integer arithmetic can overflow or divide by zero: CEL's errors, not Java's
        }
        switch (function) {
            case "_+_": {
                NumberNode a = number(args.get(0));
                NumberNode b = number(args.get(1));
                return v -> a.eval(v) + b.eval(v);
            }
            case "_-_": {
                NumberNode a = number(args.get(0));
                NumberNode b = number(args.get(1));
                return v -> a.eval(v) - b.eval(v);
            }
            case "_*_": {
                NumberNode a = number(args.get(0));
                NumberNode b = number(args.get(1));
                return v -> a.eval(v) * b.eval(v);
            }
            case "_/_": {
                NumberNode a = number(args.get(0));
                NumberNode b = number(args.get(1));
                return v -> a.eval(v) / b.eval(v);
            }
            case "-_": {
                NumberNode a = number(args.get(0));
                return v -> -a.eval(v);
            }
            case "_?_:_": {
                TruthNode condition = truth(args.get(0));
                NumberNode then = number(args.get(1));
                NumberNode otherwise = number(args.get(2));
                return v -> condition.test(v) ? then.eval(v) : otherwise.eval(v);
            }
            default:
                throw new Declined();
        }
    }

    private static double constant(CelConstant constant) throws Declined {
        switch (constant.getKind()) {
            case DOUBLE_VALUE:
                return constant.doubleValue();
            case INT64_VALUE:
                return exact(constant.int64Value());
            case UINT64_VALUE:
                if (constant.uint64Value().longValue() < 0) {
                    throw new Declined();
                }
                return exact(constant.uint64Value().longValue());
            default:
                throw new Declined();
        }
    }

    private static double exact(long whole) throws Declined {
        if (whole > EXACT_LIMIT || whole < -EXACT_LIMIT) {
            throw new Declined();
        }
        return whole;
    }

    /** The slot of a variable the expression reads, noted in {@link #reads}. */
    private int variableSlot(CelExpr ident) throws Declined {
        int slot = slot(ident.ident().name());
        reads |= 1L << slot;
        return slot;
    }

    private int slot(String name) throws Declined {
        for (int slot = 0; slot < variables.size(); slot++) {
            if (variables.get(slot).name().equals(name)) {
                return slot;
            }
        }
        throw new Declined();
    }

    private boolean isDouble(CelExpr expr) {
        return SimpleType.DOUBLE.equals(type(expr));
    }

    private boolean isBool(CelExpr expr) {
        return SimpleType.BOOL.equals(type(expr));
    }

    private CelType type(CelExpr expr) {
        return ast.getType(expr.id()).orElse(null);
    }
}
