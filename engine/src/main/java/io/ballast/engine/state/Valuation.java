package io.ballast.engine.state;

import static io.ballast.engine.event.Event.NONE;

import io.ballast.engine.event.ObligationObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.model.Amounts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * USD views of an {@link ExposureState} at its clock. A price that is missing or older than the
 * configured maximum age is never used: values that would need it are reported as unpriced instead.
 */
public final class Valuation {

    /** Precision for ratios such as the health factor. */
    private static final MathContext RATIO = MathContext.DECIMAL64;

    /** Portfolio value by tier, plus what is in flight, and the assets that could not be priced. */
    public record PortfolioUsd(BigDecimal pending, BigDecimal unsafe, BigDecimal safe, BigDecimal finalized,
                               BigDecimal inFlight, BigDecimal liabilities, SortedSet<String> unpriced) {
    }

    /**
     * Health factor of a margin position: collateral x price x liquidation threshold / debt x price.
     *
     * @param value    the factor; absent when the position has no debt or a price is missing or stale
     * @param debtFree the position owes nothing (it cannot be liquidated)
     * @param unpriced assets whose price was needed and not usable
     */
    public record HealthFactor(Optional<BigDecimal> value, boolean debtFree, SortedSet<String> unpriced) {
    }

    private final ExposureState state;

    Valuation(ExposureState state) {
        this.state = state;
    }

    /** Age of the asset's price in seconds at the engine clock, or -1 with no price. */
    public long priceAgeSeconds(String asset) {
        PriceObserved price = state.prices.get(asset);
        return price == null ? NONE : Math.max(0, state.clock - price.timestamp());
    }

    public boolean isStale(String asset) {
        PriceObserved price = state.prices.get(asset);
        return price == null || state.clock - price.timestamp() > state.settings.priceMaxAgeSeconds();
    }

    /** USD per whole token, when fresh. */
    public Optional<BigDecimal> usdPrice(String asset) {
        return isStale(asset) ? Optional.empty() : Optional.of(state.prices.get(asset).usd());
    }

    /** USD value of base units of an asset, exact, when its price is fresh. */
    public Optional<BigDecimal> usd(String asset, BigInteger baseUnits) {
        int decimals = state.catalogue.asset(asset).orElseThrow().decimals();
        return usdPrice(asset).map(price -> Amounts.toTokens(baseUnits, decimals).multiply(price));
    }

    public PortfolioUsd portfolio() {
        SortedSet<String> unpriced = new TreeSet<>();
        BigDecimal[] tiers = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        state.forEachChainAsset((chain, asset, t) -> {
            BigInteger[] amounts = {t.pending(), t.unsafe(), t.safe(), t.finalized()};
            for (int i = 0; i < amounts.length; i++) {
                tiers[i] = tiers[i].add(usdOrRecord(asset, amounts[i], unpriced));
            }
        });
        BigDecimal inFlight = BigDecimal.ZERO;
        for (InFlightTransfer transfer : state.inFlight.values()) {
            inFlight = inFlight.add(usdOrRecord(transfer.asset(), transfer.amount(), unpriced));
        }
        BigDecimal liabilities = BigDecimal.ZERO;
        for (ObligationObserved obligation : state.obligations.values()) {
            liabilities = liabilities.add(usdOrRecord(obligation.asset(), obligation.amount(), unpriced));
        }
        return new PortfolioUsd(tiers[0], tiers[1], tiers[2], tiers[3], inFlight, liabilities,
                Collections.unmodifiableSortedSet(unpriced));
    }

    public HealthFactor healthFactor(String positionId) {
        PositionObserved position = state.positions.get(positionId);
        if (position == null) {
            throw new IllegalArgumentException("unknown position " + positionId);
        }
        SortedSet<String> unpriced = new TreeSet<>();
        BigDecimal collateral = sumUsd(position.collateral(), unpriced).multiply(position.liquidationThreshold());
        BigDecimal debt = sumUsd(position.debt(), unpriced);
        boolean debtFree = position.debt().values().stream().allMatch(amount -> amount.signum() == 0);
        Optional<BigDecimal> value = debtFree || !unpriced.isEmpty()
                ? Optional.empty() : Optional.of(collateral.divide(debt, RATIO));
        return new HealthFactor(value, debtFree, Collections.unmodifiableSortedSet(unpriced));
    }

    private BigDecimal sumUsd(Map<String, BigInteger> amounts, SortedSet<String> unpriced) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, BigInteger> entry : amounts.entrySet()) {
            sum = sum.add(usdOrRecord(entry.getKey(), entry.getValue(), unpriced));
        }
        return sum;
    }

    private BigDecimal usdOrRecord(String asset, BigInteger baseUnits, SortedSet<String> unpriced) {
        if (baseUnits.signum() == 0) {
            return BigDecimal.ZERO;
        }
        Optional<BigDecimal> usd = usd(asset, baseUnits);
        if (usd.isEmpty()) {
            unpriced.add(asset);
        }
        return usd.orElse(BigDecimal.ZERO);
    }
}
