package io.ballast.risk.eval;

import io.ballast.engine.model.Tier;
import io.ballast.risk.expr.ScopeVariables;
import io.ballast.risk.expr.Variable;
import io.ballast.risk.expr.Variables;
import io.ballast.risk.file.RuleScope;
import java.util.List;

/**
 * The variables of one scope instance (one asset, one chain, ...), each computed when first read and
 * then remembered until a pass of {@link Figures} may have moved it: any pass over everything, or a
 * pass that names the scope's family ({@link Epoch}). Slots past the scope's
 * variables hold intermediate figures that other scopes share (an asset's effective total, say).
 * Subclasses name their slots as constants, checked against {@link ScopeVariables} when loaded.
 */
abstract class ScopeFigures implements Variables {

    /** The tiers, once: {@code Tier.values()} copies its array on every call. */
    static final Tier[] TIERS = Tier.values();

    final Figures figures;
    /** What moves when the scope's own family may have moved, between passes over everything. */
    final Epoch epoch;
    private final double[] memo;
    private long known;
    private long pass = -1;
    private long epochSeen = -1;

    ScopeFigures(Figures figures, Epoch epoch, int slots) {
        this.figures = figures;
        this.epoch = epoch;
        this.memo = new double[slots];
    }

    @Override
    public final double value(int slot) {
        if (pass != figures.pass() || epochSeen != epoch.count) {
            pass = figures.pass();
            epochSeen = epoch.count;
            known = 0;
        }
        long bit = 1L << slot;
        if ((known & bit) == 0) {
            memo[slot] = compute(slot);
            known |= bit;
        }
        return memo[slot];
    }

    abstract double compute(int slot);

    /** Checks that a slot constant names the variable at that position of the scope's list. */
    static void check(RuleScope.Kind kind, int slot, String name) {
        List<Variable> variables = ScopeVariables.of(kind);
        if (slot >= variables.size() || !variables.get(slot).name().equals(name)) {
            throw new IllegalStateException(kind.label() + " scope: slot " + slot + " is not " + name);
        }
    }

    /** A part of a whole; over a zero whole, 0 for nothing and infinite for anything else. */
    static double ratio(double part, double whole) {
        if (whole == 0) {
            return part == 0 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return part / whole;
    }
}
