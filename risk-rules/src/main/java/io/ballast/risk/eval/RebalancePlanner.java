package io.ballast.risk.eval;

import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.decision.RebalanceOrder;
import io.ballast.engine.decision.Scope;
import io.ballast.engine.decision.Severity;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.OrderBook;
import io.ballast.risk.file.ActionLimits;
import io.ballast.risk.file.ChainTarget;
import io.ballast.risk.file.InventoryTarget;
import io.ballast.risk.file.RuleSet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Inventory rebalancing as DESIGN §4 specifies. A chain's virtual balance is its haircut-weighted
 * balance plus what is in flight toward it, bridge transfers and outstanding orders alike;
 * allocation is its share of the asset's cumulative virtual balance. Below its threshold a chain
 * gets {@code (target - allocation) x cumulative} (= target x cumulative - virtual, exactly) from the
 * hub, capped by max-amount, at most once per cooldown. No order is sent while any chain of the
 * section, hub included, has not reported a balance; nor when it is below min-amount or more than
 * the hub has available — an alert says which.
 */
final class RebalancePlanner {

    /** An order nobody executed within this time stops counting toward its destination. */
    static final long ORDER_EXPIRY_SECONDS = 3_600;

    static final String INCOMPLETE = "inventory-incomplete";
    static final String BLOCKED = "rebalance-blocked";

    /**
     * Forgets the orders nobody executed in time. Called before anything reads the figures of an
     * input, so that rules and planner alike see the orders that still count.
     */
    static void expireOrders(ExposureState state) {
        state.orders().expire(state.clock() - ORDER_EXPIRY_SECONDS);
    }

    /** Precomputed names of one inventory section's alerts and routes, so a quiet pass builds no strings. */
    private record Section(InventoryTarget inventory, Scope scope, String incompleteSubject, List<Route> routes) {
    }

    private record Route(ChainTarget target, Scope scope, String blockedSubject, String name) {
    }

    private RuleSet sectionsOf;
    private List<Section> sections = List.of();
    /** Per section, the figures of its hub and then of each route's chain, in the figures they were looked up in. */
    private Figures placesOf;
    private AssetChainFigures[][] places;

    /**
     * Plans every inventory section, or only those of the assets whose holdings the input changed.
     *
     * @param focus what the input can have moved
     */
    void plan(ExposureState state, RuleSet rules, Figures figures, DecisionContext context, Focus focus) {
        long now = state.clock();
        List<Section> all = sections(rules);
        AssetChainFigures[][] placesOfSections = places(all, figures);
        for (int i = 0; i < all.size(); i++) {
            Section section = all.get(i);
            InventoryTarget inventory = section.inventory();
            if (!focus.asset(inventory.asset())) {
                continue;
            }
            boolean complete = isComplete(placesOfSections[i]);
            BuiltInAlerts.toggle(state, context, INCOMPLETE, section.scope(), section.incompleteSubject(), Severity.INFO, !complete,
                    complete ? "" : inventory.asset() + " inventory is incomplete: no balance yet from "
                            + String.join(", ", unreported(figures.asset(inventory.asset()), inventory)));
            if (complete) {
                plan(state, section, placesOfSections[i], rules.limits(), figures, context, now);
            }
        }
    }

    private List<Section> sections(RuleSet rules) {
        if (rules != sectionsOf) {
            List<Section> built = new ArrayList<>();
            for (InventoryTarget inventory : rules.inventory().values()) {
                String asset = inventory.asset();
                Scope scope = new Scope("asset", new TreeMap<>(Map.of("asset", asset)));
                List<Route> routes = new ArrayList<>();
                for (ChainTarget target : inventory.chains()) {
                    Scope routeScope = new Scope("asset-chain", new TreeMap<>(Map.of("asset", asset, "chain", target.chain())));
                    routes.add(new Route(target, routeScope, BLOCKED + "/" + routeScope.key(), "rebalance/" + asset + "/" + target.chain()));
                }
                built.add(new Section(inventory, scope, INCOMPLETE + "/" + scope.key(), List.copyOf(routes)));
            }
            sections = List.copyOf(built);
            sectionsOf = rules;
            placesOf = null;
        }
        return sections;
    }

    /** Each section's hub and route chains as figures, looked up once per figures and rule set, not on every input. */
    private AssetChainFigures[][] places(List<Section> all, Figures figures) {
        if (placesOf != figures) {
            places = new AssetChainFigures[all.size()][];
            for (int i = 0; i < all.size(); i++) {
                Section section = all.get(i);
                AssetFigures asset = figures.asset(section.inventory().asset());
                AssetChainFigures[] chains = new AssetChainFigures[section.routes().size() + 1];
                chains[0] = asset.on(section.inventory().hub());
                for (int r = 0; r < section.routes().size(); r++) {
                    chains[r + 1] = asset.on(section.routes().get(r).target().chain());
                }
                places[i] = chains;
            }
            placesOf = figures;
        }
        return places;
    }

    /**
     * A route whose allocation is above its threshold by more than the doubles can be off, and which
     * has no blocked alert to resolve, would come out of the exact path unchanged: it is skipped.
     * The others are sized exactly.
     */
    private void plan(ExposureState state, Section section, AssetChainFigures[] places, ActionLimits limits, Figures figures,
                      DecisionContext context, long now) {
        InventoryTarget inventory = section.inventory();
        String asset = inventory.asset();
        AssetFigures assetFigures = figures.asset(asset);
        BigDecimal cumulative = null;
        for (int i = 0; i < section.routes().size(); i++) {
            Route route = section.routes().get(i);
            ChainTarget target = route.target();
            String chain = target.chain();
            double roughAllocation = places[i + 1].value(AssetChainFigures.ALLOCATION);
            double tolerance = 1e-9 * (1 + assetFigures.virtualSpread() / Math.abs(assetFigures.virtualTotal()));
            if (assetFigures.virtualTotal() > 0 && roughAllocation - target.threshold().doubleValue() > tolerance
                    && !state.alerts().isFiring(route.blockedSubject())) {
                continue;
            }
            ExactInventory exact = new ExactInventory(state, figures.rules);
            if (cumulative == null) {
                // Read before any order of this pass: an order moves value between chains of the asset, not the total.
                cumulative = exact.virtualTotal(asset, assetFigures.chains());
            }
            if (cumulative.signum() <= 0) {
                return;
            }
            route(state, inventory, limits, route, exact, cumulative, context, now);
        }
    }

    private void route(ExposureState state, InventoryTarget inventory, ActionLimits limits, Route route, ExactInventory exact, BigDecimal cumulative,
                       DecisionContext context, long now) {
        String asset = inventory.asset();
        ChainTarget target = route.target();
        String chain = target.chain();
        int decimals = state.catalogue().asset(asset).orElseThrow().decimals();
        OrderBook orders = state.orders();
        BigDecimal virtual = exact.virtual(asset, chain);
        BigDecimal allocation = virtual.divide(cumulative, MathContext.DECIMAL64);
        if (allocation.compareTo(target.threshold()) >= 0) {
            blocked(state, context, route, false, "");
            return;
        }
        long last = orders.lastOrderAt(route.name());
        // One order a route per second of engine time even with no cooldown: planning again at the same time says
        // nothing new, so decisions do not hang on how many inputs ask (an asset partition's engine sees fewer).
        if (last != Event.NONE && now < last + Math.max(inventory.cooldownSeconds(), 1)) {
            return;
        }
        BigInteger amount = target.target().multiply(cumulative).subtract(virtual)
                .movePointRight(decimals).setScale(0, RoundingMode.FLOOR).toBigIntegerExact().min(inventory.maxAmount());
        BigInteger available = hubAvailable(state, exact, inventory, decimals);
        String shortfall = "allocation " + percent(allocation) + " < threshold " + percent(target.threshold());
        if (amount.compareTo(inventory.minAmount()) < 0) {
            blocked(state, context, route, true, shortfall
                    + ", but the order of " + tokens(amount, decimals) + " " + asset + " is below min-amount "
                    + tokens(inventory.minAmount(), decimals));
            return;
        }
        if (amount.compareTo(available) > 0) {
            blocked(state, context, route, true, shortfall
                    + ", but the hub " + inventory.hub() + " has " + tokens(available.max(BigInteger.ZERO), decimals) + " " + asset
                    + " available and the order needs " + tokens(amount, decimals));
            return;
        }
        Optional<String> capped = OrderLimits.admit(state, limits, asset, amount);
        if (capped.isPresent()) {
            blocked(state, context, route, true, shortfall
                    + ", but the order of " + tokens(amount, decimals) + " " + asset + " is past the limits: " + capped.get());
            return;
        }
        blocked(state, context, route, false, "");
        String id = context.nextId(route.name());
        context.emit(new RebalanceOrder(id, asset, inventory.hub(), chain, amount, shortfall, context.causeSeq()));
        orders.issue(new OrderBook.Outstanding(id, asset, inventory.hub(), chain, amount, now), route.name());
    }

    /** What the hub can send: its haircut-weighted balance less what outstanding orders already take from it. */
    private static BigInteger hubAvailable(ExposureState state, ExactInventory exact, InventoryTarget inventory, int decimals) {
        BigDecimal effective = exact.effective(inventory.asset(), state.assetOnChain(inventory.asset(), inventory.hub()));
        return effective.movePointRight(decimals).setScale(0, RoundingMode.FLOOR).toBigIntegerExact()
                .subtract(state.orders().outstandingFrom(inventory.asset(), inventory.hub()));
    }

    /** Whether the hub and every chain of the section have reported a balance. */
    private static boolean isComplete(AssetChainFigures[] places) {
        for (AssetChainFigures place : places) {
            if (!place.isReported()) {
                return false;
            }
        }
        return true;
    }

    /** Chains of the section, hub first, with no balance line for the asset yet. */
    private static List<String> unreported(AssetFigures asset, InventoryTarget inventory) {
        List<String> chains = new ArrayList<>();
        chains.add(inventory.hub());
        inventory.chains().forEach(target -> chains.add(target.chain()));
        chains.removeIf(chain -> asset.on(chain).isReported());
        return chains;
    }

    /** Fires (with why) or resolves the route's rebalance-blocked alert. */
    private static void blocked(ExposureState state, DecisionContext context, Route route, boolean holds, String message) {
        BuiltInAlerts.toggle(state, context, BLOCKED, route.scope(), route.blockedSubject(), Severity.WARNING, holds, message);
    }

    private static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    private static String tokens(BigInteger amount, int decimals) {
        return Amounts.toDecimalString(amount, decimals);
    }
}
