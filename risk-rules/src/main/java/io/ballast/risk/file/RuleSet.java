package io.ballast.risk.file;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A validated set of rules, merged from one or more files. Immutable.
 *
 * @param closeFactor the largest fraction of a position's debt one liquidation order repays
 * @param limits      the caps on the notional of orders
 */
public record RuleSet(Haircuts haircuts, SortedMap<String, List<String>> groups, SortedMap<String, InventoryTarget> inventory,
                      List<Rule> rules, BigDecimal closeFactor, ActionLimits limits) {

    public static final BigDecimal DEFAULT_CLOSE_FACTOR = new BigDecimal("0.5");

    public RuleSet {
        groups = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(groups));
        inventory = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(inventory));
        rules = List.copyOf(rules);
    }

    public static RuleSet empty() {
        return new RuleSet(Haircuts.defaults(), new TreeMap<>(), new TreeMap<>(), List.of(), DEFAULT_CLOSE_FACTOR, ActionLimits.NONE);
    }

}
