package io.ballast.risk.expr;

import io.ballast.risk.file.RuleScope;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The variables of each rule scope: what {@code when} may name there. This list is the contract of docs/rules.md. */
public final class ScopeVariables {

    private static final Variable BALANCE = new Variable("balance", "tokens", "confirmed balance: unsafe + safe + finalized");
    private static final Variable EFFECTIVE = new Variable("effective", "tokens",
            "haircut-weighted balance including pending (outflows count in full)");
    private static final Variable PENDING = new Variable("pending", "tokens", "net amount in the mempool");
    private static final Variable IN_FLIGHT = new Variable("in_flight", "tokens", "transfers in flight toward the scope");
    private static final Variable USD = new Variable("usd", "USD", "confirmed balance in USD at a fresh price");
    private static final Variable SHARE = new Variable("share", "fraction", "effective balance / the asset's effective total");

    private static final Map<RuleScope.Kind, List<Variable>> BY_SCOPE = new EnumMap<>(Map.of(
            RuleScope.Kind.PORTFOLIO, List.of(
                    new Variable("usd", "USD", "confirmed holdings of every asset in USD"),
                    new Variable("effective_usd", "USD", "haircut-weighted holdings in USD"),
                    new Variable("in_flight_usd", "USD", "transfers in flight in USD"),
                    new Variable("liabilities_usd", "USD", "open obligations in USD"),
                    new Variable("solvency_ratio", "ratio", "(effective_usd + in_flight_usd) / liabilities_usd"),
                    new Variable("overdue_transfers", "count", "transfers in flight past their expected arrival"),
                    new Variable("unpriced_assets", "count", "held assets without a fresh price")),
            RuleScope.Kind.ASSET, List.of(BALANCE, EFFECTIVE, PENDING, IN_FLIGHT, USD,
                    new Variable("price_usd", "USD", "price of one token (0 when missing or stale)"),
                    new Variable("price_age_seconds", "seconds", "age of the price at the engine clock"),
                    new Variable("overdue_transfers", "count", "this asset's transfers past their expected arrival")),
            RuleScope.Kind.CHAIN, List.of(
                    new Variable("seconds_since_head", "seconds", "engine clock minus the head block's timestamp"),
                    new Variable("block_time_seconds", "seconds", "the chain's expected block time"),
                    new Variable("reorg_depth", "blocks", "depth of the latest reorg"),
                    new Variable("finality_lag_blocks", "blocks", "head minus finalized height"),
                    new Variable("pending_usd", "USD", "net mempool amounts on the chain in USD"),
                    new Variable("unsafe_usd", "USD", "holdings in unsafe blocks in USD"),
                    new Variable("safe_usd", "USD", "holdings in safe, not yet final blocks in USD"),
                    new Variable("usd", "USD", "confirmed holdings on the chain in USD"),
                    new Variable("stalled", "flag", "1 while the chain is marked stalled (a stall event, until its next block), else 0")),
            RuleScope.Kind.ASSET_CHAIN, List.of(BALANCE, EFFECTIVE, PENDING, IN_FLIGHT, USD, SHARE,
                    new Variable("allocation", "fraction", "virtual balance (effective + in flight + orders on their way) / the asset's virtual total"),
                    new Variable("target", "fraction", "the inventory target for the chain (0 without one)"),
                    new Variable("threshold", "fraction", "the inventory threshold for the chain (0 without one)")),
            RuleScope.Kind.GROUP, List.of(BALANCE, EFFECTIVE, PENDING, IN_FLIGHT, USD, SHARE),
            RuleScope.Kind.POSITION, List.of(
                    new Variable("health_factor", "ratio", "collateral x price x liquidation threshold / debt x price"),
                    new Variable("collateral_usd", "USD", "collateral at fresh prices"),
                    new Variable("debt_usd", "USD", "debt at fresh prices"))));

    private ScopeVariables() {
    }

    /** The scope's variables; a variable's position in this list is its slot in {@link Variables}. */
    public static List<Variable> of(RuleScope.Kind kind) {
        return BY_SCOPE.get(kind);
    }

    /** The slot of a variable of the scope. */
    public static int slot(RuleScope.Kind kind, String name) {
        List<Variable> variables = of(kind);
        for (int slot = 0; slot < variables.size(); slot++) {
            if (variables.get(slot).name().equals(name)) {
                return slot;
            }
        }
        throw new IllegalArgumentException("no variable " + name + " in " + kind.label() + " scope");
    }

    /** Every variable by name, as the CEL interpreter takes them. */
    public static Map<String, Object> asMap(List<Variable> variables, Variables values) {
        Map<String, Object> map = new HashMap<>();
        for (int slot = 0; slot < variables.size(); slot++) {
            map.put(variables.get(slot).name(), values.value(slot));
        }
        return map;
    }
}
