package io.ballast.risk.eval;

import io.ballast.risk.file.RuleScope;

/** The whole book in USD: holdings, what is in flight, what is owed, and how solvent that leaves it. */
final class PortfolioFigures extends ScopeFigures {

    static final int USD = 0;
    static final int EFFECTIVE_USD = 1;
    static final int IN_FLIGHT_USD = 2;
    static final int LIABILITIES_USD = 3;
    static final int SOLVENCY_RATIO = 4;
    static final int OVERDUE_TRANSFERS = 5;
    static final int UNPRICED_ASSETS = 6;
    /** The variables a balance, transfer or pending transfer can move (the rest move with time, prices, bridges, obligations). */
    static final long HOLDINGS = 1L << USD | 1L << EFFECTIVE_USD | 1L << SOLVENCY_RATIO | 1L << UNPRICED_ASSETS;

    static {
        RuleScope.Kind kind = RuleScope.Kind.PORTFOLIO;
        check(kind, USD, "usd");
        check(kind, EFFECTIVE_USD, "effective_usd");
        check(kind, IN_FLIGHT_USD, "in_flight_usd");
        check(kind, LIABILITIES_USD, "liabilities_usd");
        check(kind, SOLVENCY_RATIO, "solvency_ratio");
        check(kind, OVERDUE_TRANSFERS, "overdue_transfers");
        check(kind, UNPRICED_ASSETS, "unpriced_assets");
    }

    PortfolioFigures(Figures figures) {
        super(figures, figures.everyPass(), UNPRICED_ASSETS + 1);
    }

    @Override
    double compute(int slot) {
        switch (slot) {
            case USD: {
                double sum = 0;
                for (AssetFigures asset : figures.heldAssets()) {
                    sum += priced(asset, asset.value(AssetFigures.BALANCE));
                }
                return sum;
            }
            case EFFECTIVE_USD: {
                double sum = 0;
                for (AssetFigures asset : figures.heldAssets()) {
                    sum += priced(asset, asset.effectiveTotal());
                }
                return sum;
            }
            case IN_FLIGHT_USD: {
                double sum = 0;
                for (AssetFigures asset : figures.assetsInFlight()) {
                    sum += priced(asset, asset.inFlightTotal);
                }
                return sum;
            }
            case LIABILITIES_USD: {
                double sum = 0;
                for (AssetFigures asset : figures.assetsOwed()) {
                    sum += priced(asset, asset.obligations);
                }
                return sum;
            }
            case SOLVENCY_RATIO: {
                double liabilities = value(LIABILITIES_USD);
                // Owing nothing is solvent without bound, however little is held.
                return liabilities == 0 ? Double.POSITIVE_INFINITY : ratio(value(EFFECTIVE_USD) + value(IN_FLIGHT_USD), liabilities);
            }
            case OVERDUE_TRANSFERS:
                return figures.overdue(null);
            case UNPRICED_ASSETS: {
                int unpriced = 0;
                for (AssetFigures asset : figures.heldAssets()) {
                    if (Double.isNaN(asset.price()) && asset.holdsAnything()) {
                        unpriced++;
                    }
                }
                return unpriced;
            }
            default:
                throw new IllegalArgumentException("slot " + slot);
        }
    }

    private static double priced(AssetFigures asset, double tokens) {
        return Double.isNaN(asset.price()) ? 0.0 : tokens * asset.price();
    }
}
