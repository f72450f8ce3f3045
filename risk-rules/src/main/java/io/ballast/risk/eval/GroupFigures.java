package io.ballast.risk.eval;

import io.ballast.engine.model.Tier;
import io.ballast.risk.file.RuleScope;
import java.util.List;

/** One asset over a group of chains: the group scope's variables. */
final class GroupFigures extends HoldingFigures {

    static final int SHARE = 5;
    private static final int TIER_SUMS = 6;
    /** The variables that move with the asset's totals, not only with the group's holdings. */
    static final long TOTALS = 1L << SHARE;
    /** The variables a balance, transfer or pending transfer can move. */
    static final long MOVED_BY_HOLDINGS = HOLDINGS | TOTALS;

    static {
        check(RuleScope.Kind.GROUP, SHARE, "share");
    }

    private final AssetFigures asset;
    private final AssetChainFigures[] members;

    GroupFigures(Figures figures, AssetFigures asset, List<String> chains) {
        super(figures, RuleScope.Kind.GROUP, asset.epoch, TIER_SUMS + TIERS.length);
        this.asset = asset;
        this.members = chains.stream().map(asset::on).toArray(AssetChainFigures[]::new);
    }

    /** Whether the focus can have moved a holding of the group. */
    boolean moved(Focus focus) {
        for (AssetChainFigures member : members) {
            if (focus.chain(member.chain)) {
                return true;
            }
        }
        return false;
    }

    @Override
    double tier(Tier tier) {
        return value(TIER_SUMS + tier.ordinal());
    }

    @Override
    double price() {
        return asset.price();
    }

    @Override
    double inFlight() {
        figures.refreshInFlight();
        double sum = 0;
        for (AssetChainFigures member : members) {
            sum += member.inFlightTo;
        }
        return sum;
    }

    @Override
    double computeOwn(int slot) {
        switch (slot) {
            case SHARE:
                return ratio(value(EFFECTIVE), asset.effectiveTotal());
            default:
                Tier tier = TIERS[slot - TIER_SUMS];
                double sum = 0;
                for (AssetChainFigures member : members) {
                    sum += member.tier(tier);
                }
                return sum;
        }
    }
}
