package io.ballast.engine.decision;

import java.util.Collections;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Where a rule applies: {@code kind} is portfolio, asset, chain, asset-chain, group or position, and
 * {@code fields} name the members ({@code chain=arbitrum}).
 */
public record Scope(String kind, SortedMap<String, String> fields) {

    public Scope {
        fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
    }

    public static Scope portfolio() {
        return new Scope("portfolio", new TreeMap<>());
    }

    public static Scope chain(String chain) {
        TreeMap<String, String> fields = new TreeMap<>();
        fields.put("chain", chain);
        return new Scope("chain", fields);
    }

    /** Stable text form, e.g. {@code chain[chain=arbitrum]}. */
    public String key() {
        if (fields.isEmpty()) {
            return kind;
        }
        StringJoiner members = new StringJoiner(",", kind + "[", "]");
        fields.forEach((name, value) -> members.add(name + "=" + value));
        return members.toString();
    }
}
