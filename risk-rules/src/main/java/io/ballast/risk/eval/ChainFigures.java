package io.ballast.risk.eval;

import io.ballast.engine.event.Event;
import io.ballast.engine.model.Tier;
import io.ballast.engine.state.ChainState;
import io.ballast.risk.file.RuleScope;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/** One chain: its head, finality and reorg figures and its holdings in USD by tier. */
final class ChainFigures extends ScopeFigures {

    static final int SECONDS_SINCE_HEAD = 0;
    static final int BLOCK_TIME_SECONDS = 1;
    static final int REORG_DEPTH = 2;
    static final int FINALITY_LAG_BLOCKS = 3;
    static final int PENDING_USD = 4;
    static final int UNSAFE_USD = 5;
    static final int SAFE_USD = 6;
    static final int USD = 7;
    static final int STALLED = 8;
    /** The variables a balance, transfer or pending transfer can move (the rest move with blocks, finality and time). */
    static final long HOLDINGS = 1L << PENDING_USD | 1L << UNSAFE_USD | 1L << SAFE_USD | 1L << USD;

    static {
        RuleScope.Kind kind = RuleScope.Kind.CHAIN;
        check(kind, SECONDS_SINCE_HEAD, "seconds_since_head");
        check(kind, BLOCK_TIME_SECONDS, "block_time_seconds");
        check(kind, REORG_DEPTH, "reorg_depth");
        check(kind, FINALITY_LAG_BLOCKS, "finality_lag_blocks");
        check(kind, PENDING_USD, "pending_usd");
        check(kind, UNSAFE_USD, "unsafe_usd");
        check(kind, SAFE_USD, "safe_usd");
        check(kind, USD, "usd");
        check(kind, STALLED, "stalled");
    }

    final ChainState chain;
    private AssetChainFigures[] holdings;
    private long layoutSeen = -1;

    ChainFigures(Figures figures, ChainState chain) {
        super(figures, new Epoch(), STALLED + 1);
        this.chain = chain;
    }

    @Override
    double compute(int slot) {
        switch (slot) {
            case SECONDS_SINCE_HEAD:
                return chain.headTimestamp() == Event.NONE ? Double.POSITIVE_INFINITY
                        : (double) Math.max(0, figures.state.clock() - chain.headTimestamp());
            case BLOCK_TIME_SECONDS:
                return chain.chain().blockTimeMillis() / 1000.0;
            case REORG_DEPTH:
                return chain.lastReorgDepth();
            case FINALITY_LAG_BLOCKS:
                return chain.head() == Event.NONE ? 0.0 : (double) (chain.head() - Math.max(chain.finalized(), -1));
            case PENDING_USD:
                return usd(holding -> holding.tier(Tier.PENDING));
            case UNSAFE_USD:
                return usd(holding -> holding.tier(Tier.UNSAFE));
            case SAFE_USD:
                return usd(holding -> holding.tier(Tier.SAFE));
            case USD:
                return usd(holding -> holding.value(AssetChainFigures.BALANCE));
            case STALLED:
                return chain.stalledSince() == Event.NONE ? 0.0 : 1.0;
            default:
                throw new IllegalArgumentException("slot " + slot);
        }
    }

    /** Some tokens of each of the chain's holdings at their usable prices. */
    private double usd(ToDoubleFunction<AssetChainFigures> tokens) {
        double sum = 0;
        for (AssetChainFigures holding : holdings()) {
            double price = holding.asset.price();
            if (!Double.isNaN(price)) {
                sum += tokens.applyAsDouble(holding) * price;
            }
        }
        return sum;
    }

    /** The assets held on the chain, and the trade's asset when it is on this chain. */
    private AssetChainFigures[] holdings() {
        if (holdings == null || layoutSeen != figures.layout()) {
            TreeSet<String> assets = new TreeSet<>(figures.state.holdingsOn(chain.name()).keySet());
            String traded = figures.tradeAssetOn(chain.name());
            if (traded != null) {
                assets.add(traded);
            }
            holdings = assets.stream().map(asset -> figures.asset(asset).on(chain.name())).toArray(AssetChainFigures[]::new);
            layoutSeen = figures.layout();
        }
        return holdings;
    }
}
