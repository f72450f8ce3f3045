package io.ballast.risk.eval;

import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.decision.RebalanceOrder;
import io.ballast.engine.decision.Scope;
import io.ballast.engine.decision.Severity;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.state.AlertBook;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.OrderBook;
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
import java.util.Set;
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

    /** @param movedAssets the assets whose holdings changed, or null to plan every inventory section */
    void plan(ExposureState state, RuleSet rules, ScopeValues values, DecisionContext context, List<String> movedAssets) {
        long now = state.clock();
        state.orders().expire(now - ORDER_EXPIRY_SECONDS);
        for (InventoryTarget inventory : rules.inventory().values()) {
            if (movedAssets != null && !movedAssets.contains(inventory.asset())) {
                continue;
            }
            List<String> missing = unreported(state, inventory);
            Scope assetScope = new Scope("asset", new TreeMap<>(Map.of("asset", inventory.asset())));
            boolean complete = missing.isEmpty();
            toggle(state, context, INCOMPLETE, assetScope, Severity.INFO, !complete,
                    inventory.asset() + " inventory is incomplete: no balance yet from " + String.join(", ", missing));
            if (complete) {
                plan(state, inventory, values, context, now);
            }
        }
    }

    private void plan(ExposureState state, InventoryTarget inventory, ScopeValues values, DecisionContext context, long now) {
        String asset = inventory.asset();
        int decimals = state.catalogue().asset(asset).orElseThrow().decimals();
        OrderBook orders = state.orders();
        // Read before any order of this pass: an order moves value between chains of the asset, not the total.
        BigDecimal cumulative = values.virtualTotal(asset);
        if (cumulative.signum() <= 0) {
            return;
        }
        for (ChainTarget target : inventory.chains()) {
            String chain = target.chain();
            Scope scope = new Scope("asset-chain", new TreeMap<>(Map.of("asset", asset, "chain", chain)));
            BigDecimal virtual = values.virtual(asset, chain);
            BigDecimal allocation = virtual.divide(cumulative, MathContext.DECIMAL64);
            if (allocation.compareTo(target.threshold()) >= 0) {
                toggle(state, context, BLOCKED, scope, Severity.WARNING, false, "");
                continue;
            }
            String route = "rebalance/" + asset + "/" + chain;
            long last = orders.lastOrderAt(route);
            if (last != Event.NONE && now < last + inventory.cooldownSeconds()) {
                continue;
            }
            BigInteger amount = target.target().multiply(cumulative).subtract(virtual)
                    .movePointRight(decimals).setScale(0, RoundingMode.FLOOR).toBigIntegerExact().min(inventory.maxAmount());
            BigInteger available = hubAvailable(state, values, inventory, decimals);
            String shortfall = "allocation " + percent(allocation) + " < threshold " + percent(target.threshold());
            if (amount.compareTo(inventory.minAmount()) < 0) {
                toggle(state, context, BLOCKED, scope, Severity.WARNING, true, shortfall + ", but the order of "
                        + tokens(amount, decimals) + " " + asset + " is below min-amount " + tokens(inventory.minAmount(), decimals));
                continue;
            }
            if (amount.compareTo(available) > 0) {
                toggle(state, context, BLOCKED, scope, Severity.WARNING, true, shortfall + ", but the hub " + inventory.hub()
                        + " has " + tokens(available.max(BigInteger.ZERO), decimals) + " " + asset
                        + " available and the order needs " + tokens(amount, decimals));
                continue;
            }
            toggle(state, context, BLOCKED, scope, Severity.WARNING, false, "");
            String id = context.nextId(route);
            context.emit(new RebalanceOrder(id, asset, inventory.hub(), chain, amount, shortfall, context.causeSeq()));
            orders.issue(new OrderBook.Outstanding(id, asset, inventory.hub(), chain, amount, now), route);
        }
    }

    /** What the hub can send: its haircut-weighted balance less what outstanding orders already take from it. */
    private static BigInteger hubAvailable(ExposureState state, ScopeValues values, InventoryTarget inventory, int decimals) {
        BigDecimal effective = values.effective(inventory.asset(), state.assetOnChain(inventory.asset(), inventory.hub()));
        return effective.movePointRight(decimals).setScale(0, RoundingMode.FLOOR).toBigIntegerExact()
                .subtract(state.orders().outstandingFrom(inventory.asset(), inventory.hub()));
    }

    /** Chains of the section, hub first, with no balance line for the asset yet. */
    private static List<String> unreported(ExposureState state, InventoryTarget inventory) {
        List<String> chains = new ArrayList<>();
        chains.add(inventory.hub());
        inventory.chains().forEach(target -> chains.add(target.chain()));
        Set<String> reported = state.chainsHolding(inventory.asset());
        List<String> missing = new ArrayList<>();
        for (String chain : chains) {
            if (!reported.contains(chain)) {
                missing.add(chain);
            }
        }
        return missing;
    }

    /** Fires or resolves a built-in alert so it, too, is said once when it starts and once when it ends. */
    private static void toggle(ExposureState state, DecisionContext context, String rule, Scope scope, Severity severity,
                               boolean holds, String message) {
        String subject = rule + "/" + scope.key();
        AlertBook book = state.alerts();
        if (holds == book.isFiring(subject)) {
            return;
        }
        if (holds) {
            book.fire(subject, state.clock());
        } else {
            book.resolve(subject);
        }
        context.emit(new Alert(context.nextId(subject), rule, severity, holds ? Alert.State.FIRING : Alert.State.RESOLVED, scope,
                Double.NaN, Double.NaN, context.causeSeq(), state.clock(), holds ? message : rule + " cleared"));
    }

    private static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    private static String tokens(BigInteger amount, int decimals) {
        return Amounts.toDecimalString(amount, decimals);
    }
}
