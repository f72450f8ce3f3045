package io.ballast.risk.eval;

import io.ballast.risk.file.InventoryTarget;
import io.ballast.risk.file.Rule;
import io.ballast.risk.file.RuleSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The part of a rule set one rule engine decides. A single engine decides all of it. In a cluster the
 * engine of each asset partition decides the rules and the inventory of its own assets, and the
 * portfolio's engine decides what spans assets — rules of the portfolio, of chains and of positions, and
 * the alerts about the rule set itself — so that together they decide what one engine would, each
 * decision once. Every engine still validates the whole rule set, so all adopt or reject it alike.
 *
 * @param ownsAsset   whether this engine decides the rules and inventory of an asset
 * @param spansAssets whether it decides the rules of no single asset and the rule set's own alerts
 */
public record RuleShare(Predicate<String> ownsAsset, boolean spansAssets) {

    /** Everything: the one engine of a single node. */
    public static final RuleShare ALL = new RuleShare(asset -> true, true);
    /** What spans assets: the portfolio's engine in a cluster. */
    public static final RuleShare ACROSS_ASSETS = new RuleShare(asset -> false, true);

    /** The rules and inventory of the assets {@code owned}: an asset partition's engine. */
    public static RuleShare assets(Predicate<String> owned) {
        return new RuleShare(owned, false);
    }

    boolean decides(Rule rule) {
        String asset = rule.scope().asset();
        return asset == null || asset.isEmpty() ? spansAssets : ownsAsset.test(asset);
    }

    /** The rule set with only the rules and inventory sections this share decides. */
    RuleSet of(RuleSet set) {
        if (this == ALL) {
            return set;
        }
        List<Rule> rules = set.rules().stream().filter(this::decides).toList();
        Map<String, InventoryTarget> inventory = new TreeMap<>();
        set.inventory().forEach((asset, target) -> {
            if (ownsAsset.test(asset)) {
                inventory.put(asset, target);
            }
        });
        return new RuleSet(set.haircuts(), set.groups(), new TreeMap<>(inventory), rules, set.closeFactor(), set.limits());
    }
}
