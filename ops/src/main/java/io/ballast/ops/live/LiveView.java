package io.ballast.ops.live;

import io.ballast.actors.ActorBallast;
import io.ballast.actors.ChainActor;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ChainAssetTotal;
import io.ballast.engine.state.ChainState;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.InFlightTransfer;
import io.ballast.engine.state.TierAmounts;
import io.ballast.engine.state.Valuation;
import io.ballast.risk.eval.Allocation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Takes a {@link Picture} of the running engine: one read of the state inside the engine actor
 * (cheap: per chain and asset, never per account), then each chain actor's wall-clock view of its
 * head. The HTTP API, the dashboard's stream and the metrics all read the latest picture.
 */
public final class LiveView {

    private final ActorBallast ballast;
    private final Catalogue catalogue;
    private final DecisionLog log;
    private final Supplier<ActionControl.Setting> actions;
    private volatile Picture latest;

    public LiveView(ActorBallast ballast, Catalogue catalogue, DecisionLog log, Supplier<ActionControl.Setting> actions) {
        this.ballast = ballast;
        this.catalogue = catalogue;
        this.log = log;
        this.actions = actions;
    }

    /** The latest picture, or a fresh one if none was taken yet. */
    public Picture latest() {
        Picture picture = latest;
        return picture != null ? picture : refresh();
    }

    /** Takes a new picture now. */
    public Picture refresh() {
        Duration timeout = Duration.ofSeconds(10);
        Picture fromState = ballast.query(this::read).toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
        List<Picture.ChainRow> chains = new ArrayList<>();
        for (Picture.ChainRow row : fromState.chains()) {
            ChainActor.Status status = ballast.chainStatus(row.name()).toCompletableFuture()
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
            double age = status.head() == Event.NONE ? -1 : status.headAgeMillis() / 1000.0;
            chains.add(new Picture.ChainRow(row.name(), row.kind(), row.blockTimeSeconds(), row.head(), row.safe(), row.finalized(), age,
                    row.safeLagBlocks(), row.finalityLagBlocks(), row.stalled() || status.stalled(), row.reorgs(), row.lastReorgDepth()));
        }
        ActionControl.Setting setting = actions.get();
        Picture picture = new Picture(fromState.inputSeq(), fromState.engineClock(), setting.mode().label(), setting.killSwitch(), chains,
                fromState.assets(), fromState.usd(), fromState.inFlight(), fromState.positions(), fromState.firing(), log.recent());
        latest = picture;
        return picture;
    }

    /** Runs inside the engine actor: everything the picture needs from the state. */
    private Picture read(ExposureState state) {
        List<Picture.ChainRow> chains = new ArrayList<>();
        for (ChainState chain : state.chains()) {
            chains.add(new Picture.ChainRow(chain.name(), chain.chain().kind().label(), chain.chain().blockTimeMillis() / 1000.0,
                    chain.head(), chain.safe(), chain.finalized(), -1, lag(chain.head(), chain.safe()), lag(chain.head(), chain.finalized()),
                    chain.stalledSince() != Event.NONE, chain.reorgCount(), chain.lastReorgDepth()));
        }
        Valuation valuation = state.valuation();
        Map<String, Map<String, Allocation>> allocations = new TreeMap<>();
        ballast.rules().ifPresent(rules -> rules.allocations(state).forEach(allocation ->
                allocations.computeIfAbsent(allocation.asset(), asset -> new TreeMap<>()).put(allocation.chain(), allocation)));
        TreeSet<String> assets = new TreeSet<>(state.heldAssets());
        assets.addAll(allocations.keySet());
        List<Picture.AssetRow> assetRows = new ArrayList<>();
        for (String asset : assets) {
            int decimals = catalogue.asset(asset).orElseThrow().decimals();
            TreeSet<String> onChains = new TreeSet<>(state.holdingsOf(asset).keySet());
            onChains.addAll(allocations.getOrDefault(asset, Map.of()).keySet());
            List<Picture.HoldingRow> holdings = new ArrayList<>();
            BigInteger total = BigInteger.ZERO;
            for (String chain : onChains) {
                ChainAssetTotal holding = state.holding(chain, asset);
                TierAmounts tiers = holding == null ? TierAmounts.ZERO : holding.tiers();
                total = total.add(tiers.total());
                Allocation allocation = allocations.getOrDefault(asset, Map.of()).get(chain);
                holdings.add(new Picture.HoldingRow(chain, tokens(tiers.pending(), decimals), tokens(tiers.unsafe(), decimals),
                        tokens(tiers.safe(), decimals), tokens(tiers.finalized(), decimals), usd(valuation, asset, tiers.total()),
                        tokens(state.inFlightTo(asset, chain), decimals), allocation == null || Double.isNaN(allocation.allocation()) ? null
                        : allocation.allocation(), allocation == null ? null : allocation.target(),
                        allocation == null ? null : allocation.threshold(), allocation != null && allocation.hub()));
            }
            boolean priced = state.price(asset) != null;
            assetRows.add(new Picture.AssetRow(asset, priced ? state.price(asset).usd().toPlainString() : null,
                    valuation.priceAgeSeconds(asset), !priced || valuation.isStale(asset), usd(valuation, asset, total), holdings));
        }
        Valuation.PortfolioUsd portfolio = valuation.portfolio();
        Picture.UsdByTier usd = new Picture.UsdByTier(money(portfolio.pending()), money(portfolio.unsafe()), money(portfolio.safe()),
                money(portfolio.finalized()), money(portfolio.inFlight()), money(portfolio.liabilities()));
        List<Picture.TransferRow> inFlight = new ArrayList<>();
        for (InFlightTransfer transfer : state.inFlight().values()) {
            inFlight.add(new Picture.TransferRow(transfer.id(), transfer.asset(), transfer.fromChain(), transfer.toChain(),
                    tokens(transfer.amount(), catalogue.asset(transfer.asset()).orElseThrow().decimals()),
                    Math.max(0, state.clock() - transfer.startedAt()), transfer.expectedArrivalSeconds(), transfer.isOverdue(state.clock())));
        }
        List<Picture.PositionRow> positions = new ArrayList<>();
        state.positions().forEach((id, position) -> positions.add(new Picture.PositionRow(id, position.venue(),
                valuation.healthFactor(id).value().map(factor -> factor.setScale(4, RoundingMode.HALF_EVEN).toPlainString()).orElse(null))));
        Map<String, Alert> known = log.firing();
        List<Picture.AlertRow> firing = new ArrayList<>();
        state.alerts().firing().forEach((subject, since) -> {
            Alert alert = known.get(subject);
            firing.add(new Picture.AlertRow(subject, alert == null ? "" : alert.severity().label(), since,
                    alert == null ? "" : alert.message()));
        });
        return new Picture(state.inputSeq(), state.clock(), "", false, chains, assetRows, usd, inFlight, positions, firing, List.of());
    }

    private static long lag(long head, long behind) {
        return head == Event.NONE || behind == Event.NONE ? -1 : head - behind;
    }

    private static String tokens(BigInteger baseUnits, int decimals) {
        return Amounts.toDecimalString(baseUnits, decimals);
    }

    private static String usd(Valuation valuation, String asset, BigInteger baseUnits) {
        return valuation.usd(asset, baseUnits).map(LiveView::money).orElse(null);
    }

    private static String money(BigDecimal usd) {
        return usd.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
