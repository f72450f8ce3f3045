package io.ballast.risk.eval;

import io.ballast.engine.model.Tier;
import io.ballast.engine.state.ChainAssetTotal;
import io.ballast.risk.file.ChainTarget;
import io.ballast.risk.file.InventoryTarget;
import io.ballast.risk.file.RuleScope;

/** One asset on one chain: the asset-chain scope's variables and the chain's virtual balance. */
final class AssetChainFigures extends HoldingFigures {

    static final int SHARE = 5;
    static final int ALLOCATION = 6;
    static final int TARGET = 7;
    static final int THRESHOLD = 8;
    private static final int VIRTUAL = 9;
    /** The variables that move with the asset's totals, not only with this holding. */
    static final long TOTALS = 1L << SHARE | 1L << ALLOCATION;
    /** The variables a balance, transfer or pending transfer can move. */
    static final long MOVED_BY_HOLDINGS = HOLDINGS | TOTALS;

    static {
        RuleScope.Kind kind = RuleScope.Kind.ASSET_CHAIN;
        check(kind, SHARE, "share");
        check(kind, ALLOCATION, "allocation");
        check(kind, TARGET, "target");
        check(kind, THRESHOLD, "threshold");
    }

    final AssetFigures asset;
    final String chain;
    private final double target;
    private final double threshold;
    private ChainAssetTotal holding;
    private long layoutSeen = -1;
    /** Tokens in flight and in outstanding orders toward the chain, and in orders out of it; kept by {@link Figures}. */
    double inFlightTo;
    double ordersTo;
    double ordersFrom;
    /** Whether the chain is one of the asset's chains; kept by {@link AssetFigures#chains()}. */
    boolean inSpread;

    AssetChainFigures(Figures figures, AssetFigures asset, String chain) {
        super(figures, RuleScope.Kind.ASSET_CHAIN, asset.epoch, VIRTUAL + 1);
        this.asset = asset;
        this.chain = chain;
        InventoryTarget inventory = figures.rules.inventory().get(asset.asset);
        ChainTarget chainTarget = inventory == null ? null
                : inventory.chains().stream().filter(t -> t.chain().equals(chain)).findFirst().orElse(null);
        this.target = chainTarget == null ? 0.0 : chainTarget.target().doubleValue();
        this.threshold = chainTarget == null ? 0.0 : chainTarget.threshold().doubleValue();
    }

    /** The state's holding of the asset on the chain, or null while no tracked account has a balance line there. */
    private ChainAssetTotal holding() {
        if (layoutSeen != figures.layout()) {
            holding = figures.state.holding(chain, asset.asset);
            layoutSeen = figures.layout();
        }
        return holding;
    }

    /** Tokens in one tier, the trade included. */
    @Override
    double tier(Tier tier) {
        ChainAssetTotal holding = holding();
        double tokens = holding == null ? 0 : holding.tokens(tier);
        return tier == Tier.UNSAFE ? tokens + figures.overlay(asset.asset, chain) : tokens;
    }

    /** Whether the chain is one of the asset's chains (where it is held, its inventory's, the trade's). */
    boolean inSpread() {
        asset.chains();
        return inSpread;
    }

    /** Whether a tracked account has a balance line for the asset on the chain. */
    boolean isReported() {
        return holding() != null;
    }

    double effective() {
        return value(EFFECTIVE);
    }

    /**
     * The chain's virtual balance (DESIGN §4): haircut-weighted, plus transfers in flight and orders
     * on their way toward it, less orders sent out of it. The {@code allocation} variable and the
     * rebalance planner's first look both use it.
     */
    double virtual() {
        return value(VIRTUAL);
    }

    @Override
    double price() {
        return asset.price();
    }

    @Override
    double inFlight() {
        figures.refreshInFlight();
        return inFlightTo;
    }

    @Override
    double computeOwn(int slot) {
        switch (slot) {
            case SHARE:
                return ratio(effective(), asset.effectiveTotal());
            case ALLOCATION:
                return ratio(virtual(), asset.virtualTotal());
            case TARGET:
                return target;
            case THRESHOLD:
                return threshold;
            case VIRTUAL:
                figures.refreshInFlight();
                figures.refreshOrders();
                return effective() + (inFlightTo + ordersTo - ordersFrom);
            default:
                throw new IllegalArgumentException("slot " + slot);
        }
    }
}
