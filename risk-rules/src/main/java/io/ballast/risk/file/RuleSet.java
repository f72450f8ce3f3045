package io.ballast.risk.file;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** A validated set of rules, merged from one or more files. Immutable. */
public record RuleSet(Haircuts haircuts, SortedMap<String, List<String>> groups, SortedMap<String, InventoryTarget> inventory,
                      List<Rule> rules) {

    public RuleSet {
        groups = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(groups));
        inventory = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(inventory));
        rules = List.copyOf(rules);
    }

    public static RuleSet empty() {
        return new RuleSet(Haircuts.defaults(), new TreeMap<>(), new TreeMap<>(), List.of());
    }

}
