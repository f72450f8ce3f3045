package io.ballast.risk.eval;

import io.ballast.engine.model.Tier;
import io.ballast.risk.file.RuleScope;

/**
 * The scopes that hold tokens of one asset (the asset, the asset on one chain, a group of chains)
 * share their first variables: {@code balance}, {@code effective}, {@code pending}, {@code in_flight}
 * and {@code usd}, all derived here from the scope's tokens by tier, price and transfers in flight.
 */
abstract class HoldingFigures extends ScopeFigures {

    static final int BALANCE = 0;
    static final int EFFECTIVE = 1;
    static final int PENDING = 2;
    static final int IN_FLIGHT = 3;
    static final int USD = 4;
    /** The first slot a subclass numbers for itself. */
    static final int FIRST_OWN_SLOT = 5;
    /** The shared variables a balance, transfer or pending transfer can move ({@code in_flight} moves with bridges). */
    static final long HOLDINGS = 1L << BALANCE | 1L << EFFECTIVE | 1L << PENDING | 1L << USD;

    HoldingFigures(Figures figures, RuleScope.Kind kind, Epoch epoch, int slots) {
        super(figures, epoch, slots);
        check(kind, BALANCE, "balance");
        check(kind, EFFECTIVE, "effective");
        check(kind, PENDING, "pending");
        check(kind, IN_FLIGHT, "in_flight");
        check(kind, USD, "usd");
    }

    /** The scope's tokens in one tier. */
    abstract double tier(Tier tier);

    /** The asset's price in USD, NaN when it is missing or stale. */
    abstract double price();

    /** Tokens in flight toward the scope. */
    abstract double inFlight();

    /** The variables past the shared ones. */
    abstract double computeOwn(int slot);

    @Override
    final double compute(int slot) {
        switch (slot) {
            case BALANCE:
                return tier(Tier.UNSAFE) + tier(Tier.SAFE) + tier(Tier.FINALIZED);
            case EFFECTIVE:
                return figures.effective(tier(Tier.PENDING), tier(Tier.UNSAFE), tier(Tier.SAFE), tier(Tier.FINALIZED));
            case PENDING:
                return tier(Tier.PENDING);
            case IN_FLIGHT:
                return inFlight();
            case USD:
                return Double.isNaN(price()) ? 0.0 : value(BALANCE) * price();
            default:
                return computeOwn(slot);
        }
    }
}
