package io.ballast.risk.eval;

import io.ballast.engine.event.ObligationObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Tier;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.InFlightTransfer;
import io.ballast.engine.state.OrderBook;
import io.ballast.risk.file.RuleSet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ObjDoubleConsumer;

/**
 * The figures rule expressions read (see {@link io.ballast.risk.expr.ScopeVariables}), for one state
 * under one rule set, in whole tokens and USD as doubles. Work is done in passes, one per input
 * ({@link #begin}): within a pass each figure is computed at most once and only when something reads
 * it. Holdings come from the state's per-(chain, asset) totals, whose token doubles the state keeps
 * between changes; the sums over transfers in flight, orders and obligations are exact in base units
 * and kept until the state says those changed. Missing or stale prices contribute nothing to USD
 * figures and are counted in {@code unpriced_assets}.
 *
 * <p>A hypothetical trade can be laid over the state (pre-trade checks): an unsafe-tier change of its
 * asset on its chain, not final yet, with a send counting in full.
 */
final class Figures {

    final ExposureState state;
    final RuleSet rules;
    private Trade trade;
    /** The trade, when it is on a holding the state does not have (so it adds to the lists of chains and assets). */
    private Trade tradeAdding;
    private double tradeTokens;
    private final double[] weights = new double[Tier.values().length];
    private long pass;
    /** Moves on every pass: the portfolio and positions read every holding. */
    private final Epoch everyPass = new Epoch();
    /** The state's input when a pass last began. */
    private long inputSeen = -1;
    private final Map<String, AssetFigures> assets = new HashMap<>();
    private final Map<String, ChainFigures> chains = new HashMap<>();
    private final Map<String, PositionFigures> positions = new HashMap<>();
    private final PortfolioFigures portfolio = new PortfolioFigures(this);
    private ChainFigures[] known = new ChainFigures[0];
    private long holdingSetSeen = -1;
    private long layout;
    private long heldLayout = -1;
    private AssetFigures[] held;
    private long inFlightSeen = -1;
    private long ordersSeen = -1;
    private long obligationsSeen = -1;
    private AssetFigures[] inFlightAssets;
    private AssetFigures[] owedAssets;
    private long overdueSeenChanges = -1;
    private long overdueSeenClock;
    private final Map<String, Long> overdueByAsset = new HashMap<>();
    private long overdueTotal;

    Figures(ExposureState state, RuleSet rules) {
        this.state = state;
        this.rules = rules;
        for (Tier tier : Tier.values()) {
            weights[tier.ordinal()] = rules.haircuts().weight(tier).doubleValue();
        }
    }

    /**
     * Starts a pass over the state as it is now, with a hypothetical trade laid over it (or null):
     * every figure is computed afresh when read.
     */
    void begin(Trade trade) {
        pass++;
        inputSeen = state.inputSeq();
        // Only a trade on a holding the state does not have yet adds a chain or an asset to the lists.
        Trade adding = trade != null && state.holding(trade.chain(), trade.asset()) == null ? trade : null;
        boolean addsOther = adding == null ? tradeAdding != null
                : tradeAdding == null || !adding.asset().equals(tradeAdding.asset()) || !adding.chain().equals(tradeAdding.chain());
        if (addsOther || holdingSetSeen != state.holdingSetChanges()) {
            layout++;
            holdingSetSeen = state.holdingSetChanges();
        }
        this.tradeAdding = adding;
        this.trade = trade;
        this.tradeTokens = trade == null ? 0
                : Amounts.toTokensDouble(trade.baseUnits(), state.catalogue().asset(trade.asset()).orElseThrow().decimals());
    }

    /**
     * Starts a pass over the live state after an input that moved only the focus's holdings (no
     * time, price, transfer in flight, order or set of holdings): only the figures of the focus's
     * assets and chains, the portfolio and positions are computed afresh; every other scope keeps
     * what it remembers. A focus on everything starts a pass over everything.
     */
    void beginFocused(Focus focus) {
        // An input the rules did not see (one that failed to apply, say) may have moved anything.
        if (focus.isEverything() || trade != null || holdingSetSeen != state.holdingSetChanges() || state.inputSeq() != inputSeen + 1) {
            begin(null);
            return;
        }
        inputSeen = state.inputSeq();
        everyPass.count++;
        for (int i = 0; i < focus.size(); i++) {
            asset(focus.assetAt(i)).epoch.count++;
            ChainFigures chain = chains.get(focus.chainAt(i));
            if (chain != null) {
                chain.epoch.count++;
            }
        }
    }

    long pass() {
        return pass;
    }

    Epoch everyPass() {
        return everyPass;
    }

    /** Changes when the set of holdings or the trade's place changes: what the lists of chains and assets derive from. */
    long layout() {
        return layout;
    }

    PortfolioFigures portfolio() {
        return portfolio;
    }

    AssetFigures asset(String asset) {
        AssetFigures figures = assets.get(asset);
        if (figures == null) {
            figures = new AssetFigures(this, asset, state.catalogue().asset(asset).orElseThrow().decimals());
            assets.put(asset, figures);
        }
        return figures;
    }

    ChainFigures chain(String chain) {
        return chains.computeIfAbsent(chain, name -> new ChainFigures(this, state.chain(name).orElseThrow()));
    }

    /** Every chain the state knows, by name. */
    ChainFigures[] chains() {
        if (known.length != state.chainCount()) {
            List<ChainFigures> all = new ArrayList<>();
            state.chains().forEach(chain -> all.add(chain(chain.name())));
            known = all.toArray(new ChainFigures[0]);
        }
        return known;
    }

    /** The chain's figures, or null while the state has not heard of the chain. */
    ChainFigures chainIfKnown(String chain) {
        ChainFigures figures = chains.get(chain);
        return figures != null || state.chain(chain).isEmpty() ? figures : chain(chain);
    }

    PositionFigures position(PositionObserved position) {
        PositionFigures figures = positions.get(position.id());
        if (figures == null || figures.position != position) {
            figures = new PositionFigures(this, position);
            positions.put(position.id(), figures);
        }
        return figures;
    }

    /** Haircut-weighted tokens: each tier's inflow times its weight; outflows count in full. */
    double effective(double pending, double unsafe, double safe, double finalized) {
        return weighted(finalized, Tier.FINALIZED) + weighted(safe, Tier.SAFE) + weighted(unsafe, Tier.UNSAFE)
                + weighted(pending, Tier.PENDING);
    }

    private double weighted(double tokens, Tier tier) {
        return tokens > 0 ? tokens * weights[tier.ordinal()] : tokens;
    }

    /** The trade's tokens when it is of this asset on this chain, else 0. */
    double overlay(String asset, String chain) {
        return trade != null && trade.asset().equals(asset) && trade.chain().equals(chain) ? tradeTokens : 0;
    }

    /** The trade's asset when the trade is on this chain, else null. */
    String tradeAssetOn(String chain) {
        return trade != null && trade.chain().equals(chain) ? trade.asset() : null;
    }

    /** The trade's chain when the trade is of this asset, else null. */
    String tradeChain(String asset) {
        return trade != null && trade.asset().equals(asset) ? trade.chain() : null;
    }

    /** Every asset held on some chain, and the trade's. */
    AssetFigures[] heldAssets() {
        if (heldLayout != layout) {
            TreeMap<String, AssetFigures> byName = new TreeMap<>();
            state.heldAssets().forEach(asset -> byName.put(asset, asset(asset)));
            if (trade != null) {
                byName.put(trade.asset(), asset(trade.asset()));
            }
            held = byName.values().toArray(new AssetFigures[0]);
            heldLayout = layout;
        }
        return held;
    }

    /** Brings the in-flight sums of every asset and chain up to date, when the transfers in flight changed. */
    void refreshInFlight() {
        if (inFlightSeen == state.inFlightChanges()) {
            return;
        }
        Collection<InFlightTransfer> transfers = state.inFlight().values();
        Map<String, BigInteger> byAsset = new TreeMap<>();
        transfers.forEach(transfer -> byAsset.merge(transfer.asset(), transfer.amount(), BigInteger::add));
        assets.values().forEach(AssetFigures::clearInFlight);
        byAsset.forEach((asset, amount) -> asset(asset).inFlightTotal = asset(asset).tokens(amount));
        inFlightAssets = byAsset.keySet().stream().map(this::asset).toArray(AssetFigures[]::new);
        forEachSum(transfers, InFlightTransfer::asset, InFlightTransfer::toChain, InFlightTransfer::amount,
                (holding, tokens) -> holding.inFlightTo = tokens);
        inFlightSeen = state.inFlightChanges();
    }

    /** Assets with transfers in flight. */
    AssetFigures[] assetsInFlight() {
        refreshInFlight();
        return inFlightAssets;
    }

    /** Assets owed in open obligations. */
    AssetFigures[] assetsOwed() {
        refreshObligations();
        return owedAssets;
    }

    /** Brings the sums of outstanding orders to and from every chain up to date. */
    void refreshOrders() {
        OrderBook orders = state.orders();
        if (ordersSeen == orders.changes()) {
            return;
        }
        Collection<OrderBook.Outstanding> outstanding = orders.outstanding().values();
        assets.values().forEach(AssetFigures::clearOrders);
        forEachSum(outstanding, OrderBook.Outstanding::asset, OrderBook.Outstanding::toChain, OrderBook.Outstanding::amount,
                (holding, tokens) -> holding.ordersTo = tokens);
        forEachSum(outstanding, OrderBook.Outstanding::asset, OrderBook.Outstanding::fromChain, OrderBook.Outstanding::amount,
                (holding, tokens) -> holding.ordersFrom = tokens);
        ordersSeen = orders.changes();
    }

    /** Sums amounts exactly by (asset, chain) and hands each sum, in tokens, to that holding's figures. */
    private <T> void forEachSum(Collection<T> items, Function<T, String> asset, Function<T, String> chain, Function<T, BigInteger> amount,
                                ObjDoubleConsumer<AssetChainFigures> sink) {
        Map<String, Map<String, BigInteger>> sums = new TreeMap<>();
        for (T item : items) {
            sums.computeIfAbsent(asset.apply(item), a -> new TreeMap<>()).merge(chain.apply(item), amount.apply(item), BigInteger::add);
        }
        sums.forEach((name, byChain) -> byChain.forEach((on, sum) -> sink.accept(asset(name).on(on), asset(name).tokens(sum))));
    }

    /** Brings every asset's sum of open obligations up to date. */
    void refreshObligations() {
        if (obligationsSeen == state.obligationChanges()) {
            return;
        }
        Map<String, BigInteger> byAsset = new TreeMap<>();
        for (ObligationObserved obligation : state.obligations().values()) {
            byAsset.merge(obligation.asset(), obligation.amount(), BigInteger::add);
        }
        assets.values().forEach(figures -> figures.obligations = 0);
        byAsset.forEach((asset, amount) -> asset(asset).obligations = asset(asset).tokens(amount));
        owedAssets = byAsset.keySet().stream().map(this::asset).toArray(AssetFigures[]::new);
        obligationsSeen = state.obligationChanges();
    }

    /** Transfers in flight past their expected arrival, of one asset or (null) of all. */
    long overdue(String asset) {
        if (overdueSeenChanges != state.inFlightChanges() || overdueSeenClock != state.clock()) {
            overdueByAsset.clear();
            overdueTotal = 0;
            for (InFlightTransfer transfer : state.inFlight().values()) {
                if (transfer.isOverdue(state.clock())) {
                    overdueByAsset.merge(transfer.asset(), 1L, Long::sum);
                    overdueTotal++;
                }
            }
            overdueSeenChanges = state.inFlightChanges();
            overdueSeenClock = state.clock();
        }
        return asset == null ? overdueTotal : overdueByAsset.getOrDefault(asset, 0L);
    }
}
