package io.ballast.risk.eval;

import io.ballast.engine.event.Event;
import io.ballast.engine.event.ObligationObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.model.Tier;
import io.ballast.engine.state.ChainState;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.InFlightTransfer;
import io.ballast.engine.state.TierAmounts;
import io.ballast.engine.state.Valuation;
import io.ballast.risk.file.ChainTarget;
import io.ballast.risk.file.Haircuts;
import io.ballast.risk.file.InventoryTarget;
import io.ballast.risk.file.RuleSet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The variables of each scope (see {@link io.ballast.risk.expr.ScopeVariables}) computed from one
 * state under one rule set. Token amounts are exact until the last step, where they become the CEL
 * doubles the expressions read. Missing or stale prices contribute nothing to USD figures and are
 * counted in {@code unpriced_assets}; a ratio over zero is infinite.
 */
final class ScopeValues {

    private final ExposureState state;
    private final RuleSet rules;
    private final Valuation valuation;
    /** A hypothetical change laid over the state (pre-trade checks), or null. */
    private final Trade trade;
    /** One evaluation pass asks for the same figures many times: each is computed once. */
    private final Map<String, List<String>> chainsOf = new HashMap<>();
    private final Map<String, TierAmounts> onChain = new HashMap<>();
    private final Map<String, BigDecimal> effectiveTotal = new HashMap<>();
    private final Map<String, BigDecimal> virtualTotal = new HashMap<>();
    private final Map<String, Map<String, Object>> scopes = new HashMap<>();

    ScopeValues(ExposureState state, RuleSet rules) {
        this(state, rules, null);
    }

    ScopeValues(ExposureState state, RuleSet rules, Trade trade) {
        this.state = state;
        this.rules = rules;
        this.valuation = state.valuation();
        this.trade = trade;
    }

    /** The trade as an unsafe-tier change of its chain and asset: it is not final yet, and a send counts in full. */
    private TierAmounts tradeOn(String asset, String chain) {
        if (trade == null || !trade.asset().equals(asset) || (chain != null && !trade.chain().equals(chain))) {
            return TierAmounts.ZERO;
        }
        return new TierAmounts(BigInteger.ZERO, trade.baseUnits(), BigInteger.ZERO, BigInteger.ZERO);
    }

    private TierAmounts onChain(String asset, String chain) {
        return onChain.computeIfAbsent(asset + '|' + chain, key -> state.assetOnChain(asset, chain).plus(tradeOn(asset, chain)));
    }

    /** Sum over the asset's chains of the haircut-weighted balance. */
    private BigDecimal effectiveTotal(String asset) {
        BigDecimal total = effectiveTotal.get(asset);
        if (total == null) {
            total = BigDecimal.ZERO;
            for (String chain : chainsOf(asset)) {
                total = total.add(effective(asset, onChain(asset, chain)));
            }
            effectiveTotal.put(asset, total);
        }
        return total;
    }

    /**
     * A chain's virtual balance of an asset (DESIGN §4): haircut-weighted, plus transfers in flight
     * and orders on their way toward it, less orders sent out of it. The rule variable
     * {@code allocation} and the rebalance planner both use this one definition.
     */
    BigDecimal virtual(String asset, String chain) {
        BigInteger incoming = state.inFlightTo(asset, chain).add(state.orders().outstandingTo(asset, chain))
                .subtract(state.orders().outstandingFrom(asset, chain));
        return effective(asset, onChain(asset, chain)).add(tokens(asset, incoming));
    }

    /** Sum over the asset's chains of their virtual balances: the cumulative of DESIGN §4. */
    BigDecimal virtualTotal(String asset) {
        BigDecimal total = virtualTotal.get(asset);
        if (total == null) {
            total = BigDecimal.ZERO;
            for (String chain : chainsOf(asset)) {
                total = total.add(virtual(asset, chain));
            }
            virtualTotal.put(asset, total);
        }
        return total;
    }

    Map<String, Object> portfolio() {
        return scopes.computeIfAbsent("portfolio", key -> computePortfolio());
    }

    Map<String, Object> asset(String asset) {
        return scopes.computeIfAbsent("asset|" + asset, key -> computeAsset(asset));
    }

    Map<String, Object> chain(ChainState chain) {
        return scopes.computeIfAbsent("chain|" + chain.name(), key -> computeChain(chain));
    }

    Map<String, Object> assetChain(String asset, String chain) {
        return scopes.computeIfAbsent("asset-chain|" + asset + "|" + chain, key -> computeAssetChain(asset, chain));
    }

    Map<String, Object> group(String asset, String group) {
        return scopes.computeIfAbsent("group|" + asset + "|" + group, key -> computeGroup(asset, group));
    }

    private Map<String, Object> computePortfolio() {
        BigDecimal usd = BigDecimal.ZERO;
        BigDecimal effectiveUsd = BigDecimal.ZERO;
        SortedSet<String> unpriced = new TreeSet<>();
        BigDecimal[] sums = {BigDecimal.ZERO, BigDecimal.ZERO};
        state.forEachChainAsset((chain, asset, tiers) -> {
            Optional<BigDecimal> price = valuation.usdPrice(asset);
            if (price.isEmpty()) {
                if (tiers.total().signum() != 0) {
                    unpriced.add(asset);
                }
                return;
            }
            sums[0] = sums[0].add(tokens(asset, tiers.confirmed()).multiply(price.get()));
            sums[1] = sums[1].add(effective(asset, tiers).multiply(price.get()));
        });
        usd = sums[0];
        effectiveUsd = sums[1];
        TierAmounts traded = trade == null ? TierAmounts.ZERO : tradeOn(trade.asset(), null);
        if (traded != TierAmounts.ZERO) {
            Optional<BigDecimal> price = valuation.usdPrice(trade.asset());
            if (price.isPresent()) {
                usd = usd.add(tokens(trade.asset(), traded.confirmed()).multiply(price.get()));
                effectiveUsd = effectiveUsd.add(effective(trade.asset(), traded).multiply(price.get()));
            } else {
                unpriced.add(trade.asset());
            }
        }
        Valuation.PortfolioUsd portfolio = valuation.portfolio();
        BigDecimal liabilities = BigDecimal.ZERO;
        for (ObligationObserved obligation : state.obligations().values()) {
            liabilities = liabilities.add(valuation.usd(obligation.asset(), obligation.amount()).orElse(BigDecimal.ZERO));
        }
        Map<String, Object> values = new HashMap<>();
        values.put("usd", usd.doubleValue());
        values.put("effective_usd", effectiveUsd.doubleValue());
        values.put("in_flight_usd", portfolio.inFlight().doubleValue());
        values.put("liabilities_usd", liabilities.doubleValue());
        // Owing nothing is solvent without bound, however little is held.
        values.put("solvency_ratio", liabilities.signum() == 0 ? Double.POSITIVE_INFINITY
                : ratio(effectiveUsd.add(portfolio.inFlight()), liabilities));
        values.put("overdue_transfers", (double) overdue(null));
        values.put("unpriced_assets", (double) unpriced.size());
        return values;
    }

    private Map<String, Object> computeAsset(String asset) {
        TierAmounts amounts = state.asset(asset).plus(tradeOn(asset, null));
        Map<String, Object> values = holdings(asset, amounts, totalInFlight(asset));
        values.put("price_usd", valuation.usdPrice(asset).map(BigDecimal::doubleValue).orElse(0.0));
        long age = valuation.priceAgeSeconds(asset);
        values.put("price_age_seconds", age == Event.NONE ? Double.POSITIVE_INFINITY : (double) age);
        values.put("overdue_transfers", (double) overdue(asset));
        return values;
    }

    private Map<String, Object> computeChain(ChainState chain) {
        long clock = state.clock();
        Map<String, Object> values = new HashMap<>();
        values.put("seconds_since_head", chain.headTimestamp() == Event.NONE ? Double.POSITIVE_INFINITY
                : (double) Math.max(0, clock - chain.headTimestamp()));
        values.put("block_time_seconds", chain.chain().blockTimeMillis() / 1000.0);
        values.put("reorg_depth", (double) chain.lastReorgDepth());
        values.put("finality_lag_blocks", chain.head() == Event.NONE ? 0.0
                : (double) (chain.head() - Math.max(chain.finalized(), -1)));
        BigDecimal[] usd = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        Map<String, TierAmounts> holdings = new TreeMap<>(state.onChain(chain.name()));
        if (trade != null && trade.chain().equals(chain.name())) {
            holdings.merge(trade.asset(), tradeOn(trade.asset(), chain.name()), TierAmounts::plus);
        }
        holdings.forEach((asset, tiers) -> valuation.usdPrice(asset).ifPresent(price -> {
            usd[0] = usd[0].add(tokens(asset, tiers.pending()).multiply(price));
            usd[1] = usd[1].add(tokens(asset, tiers.unsafe()).multiply(price));
            usd[2] = usd[2].add(tokens(asset, tiers.safe()).multiply(price));
            usd[3] = usd[3].add(tokens(asset, tiers.confirmed()).multiply(price));
        }));
        values.put("pending_usd", usd[0].doubleValue());
        values.put("unsafe_usd", usd[1].doubleValue());
        values.put("safe_usd", usd[2].doubleValue());
        values.put("usd", usd[3].doubleValue());
        return values;
    }

    private Map<String, Object> computeAssetChain(String asset, String chain) {
        Map<String, Object> values = holdings(asset, onChain(asset, chain), state.inFlightTo(asset, chain));
        values.put("share", ratio(effective(asset, onChain(asset, chain)), effectiveTotal(asset)));
        values.put("allocation", ratio(virtual(asset, chain), virtualTotal(asset)));
        ChainTarget target = target(asset, chain);
        values.put("target", target == null ? 0.0 : target.target().doubleValue());
        values.put("threshold", target == null ? 0.0 : target.threshold().doubleValue());
        return values;
    }

    private Map<String, Object> computeGroup(String asset, String group) {
        List<String> members = rules.groups().get(group);
        TierAmounts amounts = TierAmounts.ZERO;
        BigInteger inFlight = BigInteger.ZERO;
        for (String chain : members) {
            amounts = amounts.plus(onChain(asset, chain));
            inFlight = inFlight.add(state.inFlightTo(asset, chain));
        }
        Map<String, Object> values = holdings(asset, amounts, inFlight);
        values.put("share", ratio(effective(asset, amounts), effectiveTotal(asset)));
        return values;
    }

    /** Null when a price the position needs is missing or stale: the rule is not evaluated on a guess. */
    Map<String, Object> position(PositionObserved position) {
        Valuation.HealthFactor health = valuation.healthFactor(position.id());
        if (!health.unpriced().isEmpty()) {
            return null;
        }
        Map<String, Object> values = new HashMap<>();
        values.put("health_factor", health.value().map(BigDecimal::doubleValue).orElse(Double.POSITIVE_INFINITY));
        values.put("collateral_usd", usd(position.collateral()).doubleValue());
        values.put("debt_usd", usd(position.debt()).doubleValue());
        return values;
    }

    /** The chains an asset is spread over: its inventory's hub and chains, or wherever it is held. */
    List<String> chainsOf(String asset) {
        return chainsOf.computeIfAbsent(asset, key -> {
            InventoryTarget inventory = rules.inventory().get(asset);
            TreeSet<String> chains = new TreeSet<>(state.chainsHolding(asset));
            if (inventory != null) {
                chains.add(inventory.hub());
                inventory.chains().forEach(target -> chains.add(target.chain()));
            }
            if (trade != null && trade.asset().equals(asset)) {
                chains.add(trade.chain());
            }
            return List.copyOf(chains);
        });
    }

    private Map<String, Object> holdings(String asset, TierAmounts amounts, BigInteger inFlight) {
        Map<String, Object> values = new HashMap<>();
        values.put("balance", tokens(asset, amounts.confirmed()).doubleValue());
        values.put("effective", effective(asset, amounts).doubleValue());
        values.put("pending", tokens(asset, amounts.pending()).doubleValue());
        values.put("in_flight", tokens(asset, inFlight).doubleValue());
        values.put("usd", valuation.usd(asset, amounts.confirmed()).map(BigDecimal::doubleValue).orElse(0.0));
        return values;
    }

    /** Haircut-weighted tokens: each tier's inflow times its weight; outflows count in full. */
    BigDecimal effective(String asset, TierAmounts amounts) {
        Haircuts haircuts = rules.haircuts();
        return weighted(asset, amounts.finalized(), haircuts.weight(Tier.FINALIZED))
                .add(weighted(asset, amounts.safe(), haircuts.weight(Tier.SAFE)))
                .add(weighted(asset, amounts.unsafe(), haircuts.weight(Tier.UNSAFE)))
                .add(weighted(asset, amounts.pending(), haircuts.weight(Tier.PENDING)));
    }

    private BigDecimal weighted(String asset, BigInteger amount, BigDecimal weight) {
        BigDecimal tokens = tokens(asset, amount);
        return amount.signum() > 0 ? tokens.multiply(weight) : tokens;
    }

    private BigDecimal usd(Map<String, BigInteger> amounts) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, BigInteger> entry : amounts.entrySet()) {
            sum = sum.add(valuation.usd(entry.getKey(), entry.getValue()).orElse(BigDecimal.ZERO));
        }
        return sum;
    }

    private ChainTarget target(String asset, String chain) {
        InventoryTarget inventory = rules.inventory().get(asset);
        if (inventory == null) {
            return null;
        }
        return inventory.chains().stream().filter(t -> t.chain().equals(chain)).findFirst().orElse(null);
    }

    private BigInteger totalInFlight(String asset) {
        BigInteger sum = BigInteger.ZERO;
        for (InFlightTransfer transfer : state.inFlight().values()) {
            if (transfer.asset().equals(asset)) {
                sum = sum.add(transfer.amount());
            }
        }
        return sum;
    }

    private long overdue(String asset) {
        return state.inFlight().values().stream()
                .filter(t -> asset == null || t.asset().equals(asset))
                .filter(t -> t.isOverdue(state.clock()))
                .count();
    }

    private BigDecimal tokens(String asset, BigInteger baseUnits) {
        return new BigDecimal(baseUnits, state.catalogue().asset(asset).orElseThrow().decimals());
    }

    private static double ratio(BigDecimal part, BigDecimal whole) {
        if (whole.signum() == 0) {
            return part.signum() == 0 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return part.divide(whole, MathContext.DECIMAL64).doubleValue();
    }
}
