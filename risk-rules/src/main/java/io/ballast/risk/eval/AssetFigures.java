package io.ballast.risk.eval;

import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Tier;
import io.ballast.risk.file.InventoryTarget;
import io.ballast.risk.file.RuleScope;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One asset over all its chains: the asset scope's variables, the sums its chains' shares and
 * allocations divide by, and its usable price. The asset's chains are where it is held, its
 * inventory's hub and chains, and a trade's chain.
 */
final class AssetFigures extends HoldingFigures {

    static final int PRICE_USD = 5;
    static final int PRICE_AGE_SECONDS = 6;
    static final int OVERDUE_TRANSFERS = 7;
    private static final int EFFECTIVE_TOTAL = 8;
    private static final int VIRTUAL_TOTAL = 9;
    private static final int VIRTUAL_SPREAD = 10;
    /** The price in USD, NaN when missing or stale. */
    private static final int PRICE = 11;
    private static final int TIER_SUMS = 12;
    private static final int SLOTS = TIER_SUMS + TIERS.length;

    static {
        RuleScope.Kind kind = RuleScope.Kind.ASSET;
        check(kind, PRICE_USD, "price_usd");
        check(kind, PRICE_AGE_SECONDS, "price_age_seconds");
        check(kind, OVERDUE_TRANSFERS, "overdue_transfers");
    }

    final String asset;
    private final int decimals;
    private final Map<String, AssetChainFigures> byChain = new HashMap<>();
    private final Map<String, GroupFigures> groups = new HashMap<>();
    private AssetChainFigures[] spread;
    private long layoutSeen = -1;
    /** Tokens in flight toward any chain, and owed in open obligations; kept by {@link Figures}. */
    double inFlightTotal;
    double obligations;
    private PriceObserved priceSeen;
    private double priceSeenUsd;

    AssetFigures(Figures figures, String asset, int decimals) {
        super(figures, RuleScope.Kind.ASSET, new Epoch(), SLOTS);
        this.asset = asset;
        this.decimals = decimals;
    }

    double tokens(BigInteger baseUnits) {
        return Amounts.toTokensDouble(baseUnits, decimals);
    }

    /** The asset on one chain (any chain, whether it belongs to the asset's spread or not). */
    AssetChainFigures on(String chain) {
        AssetChainFigures holding = byChain.get(chain);
        if (holding == null) {
            holding = new AssetChainFigures(figures, this, chain);
            byChain.put(chain, holding);
        }
        return holding;
    }

    GroupFigures group(String group) {
        return groups.computeIfAbsent(group, name -> new GroupFigures(figures, this, figures.rules.groups().get(name)));
    }

    /** The chains the asset is spread over, by name. */
    AssetChainFigures[] chains() {
        if (spread == null || layoutSeen != figures.layout()) {
            TreeSet<String> names = new TreeSet<>(figures.state.chainsHolding(asset));
            InventoryTarget inventory = figures.rules.inventory().get(asset);
            if (inventory != null) {
                names.add(inventory.hub());
                inventory.chains().forEach(target -> names.add(target.chain()));
            }
            String tradeChain = figures.tradeChain(asset);
            if (tradeChain != null) {
                names.add(tradeChain);
            }
            byChain.values().forEach(chain -> chain.inSpread = false);
            spread = names.stream().map(this::on).toArray(AssetChainFigures[]::new);
            for (AssetChainFigures chain : spread) {
                chain.inSpread = true;
            }
            layoutSeen = figures.layout();
        }
        return spread;
    }

    void clearInFlight() {
        inFlightTotal = 0;
        byChain.values().forEach(chain -> chain.inFlightTo = 0);
    }

    void clearOrders() {
        byChain.values().forEach(chain -> {
            chain.ordersTo = 0;
            chain.ordersFrom = 0;
        });
    }

    /** Sum over the asset's chains of their haircut-weighted balances. */
    double effectiveTotal() {
        return value(EFFECTIVE_TOTAL);
    }

    /** Sum over the asset's chains of their virtual balances: the cumulative of DESIGN §4. */
    double virtualTotal() {
        return value(VIRTUAL_TOTAL);
    }

    /** Sum over the asset's chains of their virtual balances' magnitudes: how much rounding {@link #virtualTotal} may carry. */
    double virtualSpread() {
        return value(VIRTUAL_SPREAD);
    }

    /** Whether some chain has a non-zero holding of the asset, pending included. */
    boolean holdsAnything() {
        for (AssetChainFigures chain : chains()) {
            if (chain.tier(Tier.PENDING) + chain.value(AssetChainFigures.BALANCE) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The price in USD of one token, NaN when there is none or it is stale. */
    @Override
    double price() {
        return value(PRICE);
    }

    /** The asset's tokens in one tier over its chains. */
    @Override
    double tier(Tier tier) {
        return value(TIER_SUMS + tier.ordinal());
    }

    @Override
    double inFlight() {
        figures.refreshInFlight();
        return inFlightTotal;
    }

    @Override
    double computeOwn(int slot) {
        switch (slot) {
            case PRICE_USD:
                return Double.isNaN(price()) ? 0.0 : price();
            case PRICE_AGE_SECONDS: {
                PriceObserved price = figures.state.price(asset);
                return price == null ? Double.POSITIVE_INFINITY : (double) Math.max(0, figures.state.clock() - price.timestamp());
            }
            case OVERDUE_TRANSFERS:
                return figures.overdue(asset);
            case EFFECTIVE_TOTAL: {
                double total = 0;
                for (AssetChainFigures chain : chains()) {
                    total += chain.effective();
                }
                return total;
            }
            case VIRTUAL_TOTAL: {
                double total = 0;
                for (AssetChainFigures chain : chains()) {
                    total += chain.virtual();
                }
                return total;
            }
            case VIRTUAL_SPREAD: {
                double total = 0;
                for (AssetChainFigures chain : chains()) {
                    total += Math.abs(chain.virtual());
                }
                return total;
            }
            case PRICE:
                return usablePrice();
            default:
                Tier tier = TIERS[slot - TIER_SUMS];
                double sum = 0;
                for (AssetChainFigures chain : chains()) {
                    sum += chain.tier(tier);
                }
                return sum;
        }
    }

    private double usablePrice() {
        PriceObserved price = figures.state.price(asset);
        if (price == null || figures.state.valuation().isStale(asset)) {
            return Double.NaN;
        }
        if (price != priceSeen) {
            priceSeen = price;
            priceSeenUsd = price.usd().doubleValue();
        }
        return priceSeenUsd;
    }
}
