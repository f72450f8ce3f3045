package io.ballast.risk.eval;

import io.ballast.engine.model.Tier;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.TierAmounts;
import io.ballast.risk.file.Haircuts;
import io.ballast.risk.file.RuleSet;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Virtual balances in exact decimal tokens, as the rebalance planner sizes orders with them. Same
 * definitions as {@link AssetChainFigures#virtual()} and {@link AssetFigures#virtualTotal()}, which
 * the planner reads first to see whether a chain can be short at all.
 */
final class ExactInventory {

    private final ExposureState state;
    private final Haircuts haircuts;

    ExactInventory(ExposureState state, RuleSet rules) {
        this.state = state;
        this.haircuts = rules.haircuts();
    }

    /** Haircut-weighted tokens: each tier's inflow times its weight; outflows count in full. */
    BigDecimal effective(String asset, TierAmounts amounts) {
        return weighted(asset, amounts.finalized(), Tier.FINALIZED).add(weighted(asset, amounts.safe(), Tier.SAFE))
                .add(weighted(asset, amounts.unsafe(), Tier.UNSAFE)).add(weighted(asset, amounts.pending(), Tier.PENDING));
    }

    private BigDecimal weighted(String asset, BigInteger amount, Tier tier) {
        BigDecimal tokens = tokens(asset, amount);
        return amount.signum() > 0 ? tokens.multiply(haircuts.weight(tier)) : tokens;
    }

    /** Haircut-weighted balance plus transfers in flight and orders toward the chain, less orders out of it. */
    BigDecimal virtual(String asset, String chain) {
        BigInteger incoming = state.inFlightTo(asset, chain).add(state.orders().outstandingTo(asset, chain))
                .subtract(state.orders().outstandingFrom(asset, chain));
        return effective(asset, state.assetOnChain(asset, chain)).add(tokens(asset, incoming));
    }

    /** Sum of the virtual balances over the asset's chains. */
    BigDecimal virtualTotal(String asset, AssetChainFigures[] chains) {
        BigDecimal total = BigDecimal.ZERO;
        for (AssetChainFigures chain : chains) {
            total = total.add(virtual(asset, chain.chain));
        }
        return total;
    }

    private BigDecimal tokens(String asset, BigInteger baseUnits) {
        return new BigDecimal(baseUnits, state.catalogue().asset(asset).orElseThrow().decimals());
    }
}
