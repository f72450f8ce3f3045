package io.ballast.risk.eval;

import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.state.Valuation;
import io.ballast.risk.file.RuleScope;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/** One margin position: its health factor and its collateral and debt in USD, from the exact valuation. */
final class PositionFigures extends ScopeFigures {

    static final int HEALTH_FACTOR = 0;
    static final int COLLATERAL_USD = 1;
    static final int DEBT_USD = 2;
    /** 1 when every price the position needs is usable, else 0: a position is not evaluated on a guess. */
    private static final int PRICED = 3;

    static {
        RuleScope.Kind kind = RuleScope.Kind.POSITION;
        check(kind, HEALTH_FACTOR, "health_factor");
        check(kind, COLLATERAL_USD, "collateral_usd");
        check(kind, DEBT_USD, "debt_usd");
    }

    final PositionObserved position;

    PositionFigures(Figures figures, PositionObserved position) {
        super(figures, figures.everyPass(), PRICED + 1);
        this.position = position;
    }

    boolean isPriced() {
        return value(PRICED) != 0;
    }

    @Override
    double compute(int slot) {
        Valuation valuation = figures.state.valuation();
        switch (slot) {
            case HEALTH_FACTOR:
                return valuation.healthFactor(position.id()).value().map(BigDecimal::doubleValue).orElse(Double.POSITIVE_INFINITY);
            case COLLATERAL_USD:
                return usd(valuation, position.collateral());
            case DEBT_USD:
                return usd(valuation, position.debt());
            case PRICED:
                return valuation.healthFactor(position.id()).unpriced().isEmpty() ? 1 : 0;
            default:
                throw new IllegalArgumentException("slot " + slot);
        }
    }

    private static double usd(Valuation valuation, Map<String, BigInteger> amounts) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, BigInteger> entry : amounts.entrySet()) {
            sum = sum.add(valuation.usd(entry.getKey(), entry.getValue()).orElse(BigDecimal.ZERO));
        }
        return sum.doubleValue();
    }
}
