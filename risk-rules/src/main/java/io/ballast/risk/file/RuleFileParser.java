package io.ballast.risk.file;

import io.ballast.engine.decision.Severity;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Asset;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Chain;
import io.ballast.engine.model.Labelled;
import io.ballast.engine.model.Tier;
import io.ballast.risk.expr.CompiledCondition;
import io.ballast.risk.expr.ConditionCompiler;
import io.ballast.risk.file.YamlReader.Entry;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Parses and validates one rule file. Checks that need the other files (groups, overlaps) are the loader's. */
final class RuleFileParser {

    private static final List<String> TOP = List.of("haircuts", "groups", "inventory", "margin", "limits", "rules");
    private static final List<String> LIMITS = List.of("max-order-usd", "max-usd-per-hour");
    private static final List<String> MARGIN = List.of("close-factor");
    private static final List<String> INVENTORY = List.of("hub", "chains", "max-amount", "min-amount", "cooldown");
    private static final List<String> CHAIN_TARGET = List.of("target", "threshold");
    private static final List<String> RULE = List.of("id", "description", "scope", "when", "clear-when", "severity", "action",
            "cooldown");
    private static final List<String> SCOPE = List.of("asset", "chain", "group", "position");

    /** A place in a file, 1-based. */
    record Where(int line, int column) {

        static Where of(Node node) {
            return new Where(node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
        }
    }

    /** A group a rule's scope names, checked once every file's groups are known. */
    record GroupReference(String group, Where where) {
    }

    /**
     * What one file contributes, with where each part stands for the loader's messages. Haircuts are
     * null when the file has none.
     */
    record ParsedFile(String file, Haircuts haircuts, Where haircutsAt, Map<String, List<String>> groups,
                      Map<String, Where> groupsAt, Map<String, InventoryTarget> inventory, Map<String, Where> inventoryAt,
                      BigDecimal closeFactor, Where closeFactorAt, ActionLimits limits, Where limitsAt, List<Rule> rules,
                      List<GroupReference> groupReferences,
                      List<RuleFileError> errors) {
    }

    private final Catalogue catalogue;
    private final ConditionCompiler compiler;
    private final Set<String> chains;
    private final Set<String> assets;

    RuleFileParser(Catalogue catalogue, ConditionCompiler compiler) {
        this.catalogue = catalogue;
        this.compiler = compiler;
        this.chains = catalogue.chains().stream().map(Chain::name).collect(Collectors.toCollection(TreeSet::new));
        this.assets = catalogue.assets().stream().map(Asset::symbol).collect(Collectors.toCollection(TreeSet::new));
    }

    ParsedFile parse(String file, String text) {
        YamlReader yaml = new YamlReader(file);
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, Where> groupsAt = new LinkedHashMap<>();
        Map<String, InventoryTarget> inventory = new LinkedHashMap<>();
        Map<String, Where> inventoryAt = new LinkedHashMap<>();
        Where haircutsAt = null;
        BigDecimal closeFactor = null;
        Where closeFactorAt = null;
        ActionLimits limits = null;
        Where limitsAt = null;
        List<Rule> rules = new ArrayList<>();
        List<GroupReference> references = new ArrayList<>();
        Haircuts haircuts = null;
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            yaml.error(mark.getLine() + 1, mark.getColumn() + 1, "not valid YAML: " + e.getProblem());
            return new ParsedFile(file, null, null, groups, groupsAt, inventory, inventoryAt, null, null, null, null, rules, references,
                    yaml.errors());
        }
        if (root != null) {
            Map<String, Entry> top = yaml.mapping(root, "a rule file", TOP);
            if (top != null) {
                if (top.containsKey("haircuts")) {
                    haircuts = haircuts(yaml, top.get("haircuts").value());
                    haircutsAt = Where.of(top.get("haircuts").key());
                }
                if (top.containsKey("groups")) {
                    groups(yaml, top.get("groups").value(), groups, groupsAt);
                }
                if (top.containsKey("inventory")) {
                    inventory(yaml, top.get("inventory").value(), inventory, inventoryAt);
                }
                if (top.containsKey("margin")) {
                    Map<String, Entry> margin = yaml.mapping(top.get("margin").value(), "margin", MARGIN);
                    if (margin != null && margin.containsKey("close-factor")) {
                        closeFactor = fraction(yaml, margin.get("close-factor").value(), "close-factor");
                        if (closeFactor != null && closeFactor.signum() == 0) {
                            yaml.error(margin.get("close-factor").value(), "close-factor must be above 0%");
                            closeFactor = null;
                        }
                        closeFactorAt = Where.of(top.get("margin").key());
                    }
                }
                if (top.containsKey("limits")) {
                    limits = limits(yaml, top.get("limits").value());
                    limitsAt = Where.of(top.get("limits").key());
                }
                if (top.containsKey("rules")) {
                    rules(yaml, top.get("rules").value(), rules, references);
                }
            }
        }
        return new ParsedFile(file, haircuts, haircutsAt, groups, groupsAt, inventory, inventoryAt, closeFactor, closeFactorAt, limits, limitsAt,
                rules,
                references, yaml.errors());
    }

    private Haircuts haircuts(YamlReader yaml, Node node) {
        List<String> tiers = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            tiers.add(tier.label());
        }
        Map<String, Entry> entries = yaml.mapping(node, "haircuts", tiers);
        if (entries == null) {
            return null;
        }
        Map<Tier, BigDecimal> weights = new EnumMap<>(Haircuts.defaults().weights());
        entries.forEach((label, entry) -> {
            BigDecimal weight = fraction(yaml, entry.value(), "haircut " + label);
            if (weight != null) {
                weights.put(Labelled.fromLabel(Tier.class, label, "tier"), weight);
            }
        });
        return new Haircuts(weights);
    }

    private void groups(YamlReader yaml, Node node, Map<String, List<String>> groups, Map<String, Where> groupsAt) {
        Map<String, Entry> entries = yaml.mapping(node, "groups", null);
        if (entries == null) {
            return;
        }
        entries.forEach((name, entry) -> {
            if (chains.contains(name)) {
                yaml.error(entry.key(), "group '" + name + "' has the name of a chain");
            }
            List<String> members = yaml.names(entry.value(), "group " + name, chains, "chain");
            if (members != null) {
                groups.put(name, members);
                groupsAt.put(name, Where.of(entry.key()));
            }
        });
    }

    private void inventory(YamlReader yaml, Node node, Map<String, InventoryTarget> inventory, Map<String, Where> inventoryAt) {
        Map<String, Entry> byAsset = yaml.mapping(node, "inventory", null);
        if (byAsset == null) {
            return;
        }
        byAsset.forEach((asset, entry) -> {
            if (!assets.contains(asset)) {
                yaml.error(entry.key(), YamlReader.unknown("asset", asset, assets));
                return;
            }
            String what = "inventory of " + asset;
            Map<String, Entry> fields = yaml.mapping(entry.value(), what, INVENTORY);
            if (fields == null || !yaml.require(fields, entry.key(), what, "hub", "chains", "max-amount")) {
                return;
            }
            String hub = knownChain(yaml, fields.get("hub").value(), false);
            List<ChainTarget> targets = chainTargets(yaml, fields.get("chains").value(), asset, hub);
            BigInteger max = tokens(yaml, fields.get("max-amount").value(), asset, "max-amount");
            BigInteger min = fields.containsKey("min-amount")
                    ? tokens(yaml, fields.get("min-amount").value(), asset, "min-amount") : BigInteger.ZERO;
            long cooldown = fields.containsKey("cooldown") ? duration(yaml, fields.get("cooldown").value()) : 0;
            if (max != null && min != null && min.compareTo(max) > 0) {
                yaml.error(fields.get("min-amount").value(), "min-amount is above max-amount");
            }
            if (hub != null && targets != null && max != null && min != null && cooldown >= 0) {
                inventory.put(asset, new InventoryTarget(asset, hub, targets, max, min, cooldown));
                inventoryAt.put(asset, Where.of(entry.key()));
            }
        });
    }

    private List<ChainTarget> chainTargets(YamlReader yaml, Node node, String asset, String hub) {
        Map<String, Entry> byChain = yaml.mapping(node, "chains of " + asset, null);
        if (byChain == null) {
            return null;
        }
        List<ChainTarget> targets = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        boolean valid = true;
        for (Map.Entry<String, Entry> e : byChain.entrySet()) {
            String chain = e.getKey();
            Entry entry = e.getValue();
            if (!chains.contains(chain)) {
                yaml.error(entry.key(), YamlReader.unknown("chain", chain, chains));
                valid = false;
                continue;
            }
            if (chain.equals(hub)) {
                yaml.error(entry.key(), "the hub " + hub + " holds the remainder; it takes no target of its own");
                valid = false;
                continue;
            }
            String what = asset + " on " + chain;
            Map<String, Entry> fields = yaml.mapping(entry.value(), what, CHAIN_TARGET);
            if (fields == null || !yaml.require(fields, entry.key(), what, "target", "threshold")) {
                valid = false;
                continue;
            }
            BigDecimal target = fraction(yaml, fields.get("target").value(), "target");
            BigDecimal threshold = fraction(yaml, fields.get("threshold").value(), "threshold");
            if (target == null || threshold == null) {
                valid = false;
                continue;
            }
            if (threshold.compareTo(target) > 0) {
                yaml.error(fields.get("threshold").value(), "threshold " + Values.percent(threshold) + " is above target "
                        + Values.percent(target) + " for " + what);
                valid = false;
                continue;
            }
            total = total.add(target);
            targets.add(new ChainTarget(chain, target, threshold));
        }
        if (total.compareTo(BigDecimal.ONE) > 0) {
            yaml.error(node, "targets of " + asset + " add up to " + Values.percent(total) + ", more than 100%");
            valid = false;
        }
        return valid ? targets : null;
    }

    private void rules(YamlReader yaml, Node node, List<Rule> rules, List<GroupReference> references) {
        List<Node> items = yaml.sequence(node, "rules");
        if (items == null) {
            return;
        }
        Map<String, Node> ids = new LinkedHashMap<>();
        for (Node item : items) {
            Map<String, Entry> fields = yaml.mapping(item, "a rule", RULE);
            if (fields == null) {
                continue;
            }
            // A rule that lacks a key is not taken, but what it has is still checked: every error of a file at once.
            boolean complete = yaml.require(fields, item, "a rule", "id", "scope", "when", "severity");
            String id = fields.containsKey("id") ? yaml.scalar(fields.get("id").value(), "id") : null;
            if (id != null && ids.containsKey(id)) {
                yaml.error(fields.get("id").value(), "duplicate rule id '" + id + "' (first at line "
                        + (ids.get(id).getStartMark().getLine() + 1) + ")");
                continue;
            }
            if (id != null) {
                ids.put(id, fields.get("id").value());
            }
            RuleScope scope = fields.containsKey("scope") ? scope(yaml, fields.get("scope").value(), references) : null;
            Severity severity = fields.containsKey("severity") ? label(yaml, fields.get("severity").value(), Severity.class, "severity") : null;
            Rule.Action action = fields.containsKey("action")
                    ? label(yaml, fields.get("action").value(), Rule.Action.class, "action") : Rule.Action.ALERT;
            long cooldown = fields.containsKey("cooldown") ? duration(yaml, fields.get("cooldown").value()) : 0;
            String description = fields.containsKey("description") ? yaml.scalar(fields.get("description").value(), "description") : "";
            CompiledCondition when = scope == null || !fields.containsKey("when") ? null : condition(yaml, fields.get("when").value(), scope);
            CompiledCondition clearWhen = scope == null || !fields.containsKey("clear-when")
                    ? null : condition(yaml, fields.get("clear-when").value(), scope);
            boolean clearValid = !fields.containsKey("clear-when") || clearWhen != null;
            if (action == Rule.Action.LIQUIDATE && scope != null && scope.kind() != RuleScope.Kind.POSITION
                    && scope.kind() != RuleScope.Kind.PORTFOLIO) {
                yaml.error(fields.get("action").value(), "action liquidate needs a position or portfolio scope, not "
                        + scope.kind().label());
                action = null;
            }
            if (complete && id != null && scope != null && when != null && clearValid && severity != null && action != null && cooldown >= 0) {
                rules.add(new Rule(id, description == null ? "" : description, scope, when, clearWhen, severity, action, cooldown,
                        yaml.location(item)));
            }
        }
    }

    private RuleScope scope(YamlReader yaml, Node node, List<GroupReference> references) {
        if (node instanceof ScalarNode scalar) {
            if (scalar.getValue().equals("portfolio")) {
                return new RuleScope(RuleScope.Kind.PORTFOLIO, "", "", "", "");
            }
            yaml.error(node, "scope is 'portfolio' or a mapping of asset, chain, group or position");
            return null;
        }
        Map<String, Entry> fields = yaml.mapping(node, "scope", SCOPE);
        if (fields == null) {
            return null;
        }
        Set<String> keys = fields.keySet();
        String asset = keys.contains("asset") ? knownAsset(yaml, fields.get("asset").value()) : "";
        String chain = keys.contains("chain") ? knownChain(yaml, fields.get("chain").value(), true) : "";
        String group = keys.contains("group") ? yaml.scalar(fields.get("group").value(), "group") : "";
        String position = keys.contains("position") ? yaml.scalar(fields.get("position").value(), "position") : "";
        if (asset == null || chain == null || group == null || position == null) {
            return null;
        }
        RuleScope.Kind kind;
        if (keys.equals(Set.of("asset"))) {
            kind = RuleScope.Kind.ASSET;
        } else if (keys.equals(Set.of("chain"))) {
            kind = RuleScope.Kind.CHAIN;
        } else if (keys.equals(Set.of("asset", "chain"))) {
            kind = RuleScope.Kind.ASSET_CHAIN;
        } else if (keys.equals(Set.of("asset", "group"))) {
            kind = RuleScope.Kind.GROUP;
        } else if (keys.equals(Set.of("position"))) {
            kind = RuleScope.Kind.POSITION;
        } else {
            yaml.error(node, "scope " + keys + " is not one of: portfolio, {asset}, {chain}, {asset, chain}, {asset, group}, {position}");
            return null;
        }
        if (kind == RuleScope.Kind.GROUP) {
            references.add(new GroupReference(group, Where.of(fields.get("group").value())));
        }
        return new RuleScope(kind, asset, chain, group, position);
    }

    /** Compiles a condition; CEL's positions are moved to where the expression stands in the file. */
    private CompiledCondition condition(YamlReader yaml, Node node, RuleScope scope) {
        String text = yaml.scalar(node, "a condition");
        if (text == null) {
            return null;
        }
        ConditionCompiler.Result result = compiler.compile(scope.kind(), text);
        if (result.condition() == null) {
            ScalarNode scalar = (ScalarNode) node;
            int line = scalar.getStartMark().getLine() + 1;
            int column = scalar.getStartMark().getColumn() + 1 + (scalar.getScalarStyle().getChar() == null ? 0 : 1);
            for (ConditionCompiler.Problem problem : result.problems()) {
                yaml.error(line + problem.line() - 1, problem.line() == 1 ? column + problem.column() - 1 : problem.column(),
                        problem.message());
            }
        }
        return result.condition();
    }

    private String knownChain(YamlReader yaml, Node node, boolean wildcard) {
        String chain = yaml.scalar(node, "chain");
        if (chain == null || (wildcard && chain.equals(RuleScope.EVERY)) || chains.contains(chain)) {
            return chain;
        }
        yaml.error(node, YamlReader.unknown("chain", chain, chains));
        return null;
    }

    private String knownAsset(YamlReader yaml, Node node) {
        String asset = yaml.scalar(node, "asset");
        if (asset == null || assets.contains(asset)) {
            return asset;
        }
        yaml.error(node, YamlReader.unknown("asset", asset, assets));
        return null;
    }

    private ActionLimits limits(YamlReader yaml, Node node) {
        Map<String, Entry> fields = yaml.mapping(node, "limits", LIMITS);
        if (fields == null) {
            return null;
        }
        BigDecimal perOrder = fields.containsKey("max-order-usd") ? usd(yaml, fields.get("max-order-usd").value(), "max-order-usd") : null;
        BigDecimal perHour = fields.containsKey("max-usd-per-hour") ? usd(yaml, fields.get("max-usd-per-hour").value(), "max-usd-per-hour") : null;
        if (perOrder != null && perHour != null && perOrder.compareTo(perHour) > 0) {
            yaml.error(fields.get("max-order-usd").value(), "max-order-usd is above max-usd-per-hour");
        }
        return new ActionLimits(perOrder, perHour);
    }

    /** A positive amount of USD. */
    private BigDecimal usd(YamlReader yaml, Node node, String what) {
        String text = yaml.scalar(node, what);
        if (text == null) {
            return null;
        }
        try {
            BigDecimal usd = new BigDecimal(text.replace("_", ""));
            if (usd.signum() > 0) {
                return usd;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        yaml.error(node, what + ": expected a positive amount of USD, got '" + text + "'");
        return null;
    }

    private BigDecimal fraction(YamlReader yaml, Node node, String what) {
        String text = yaml.scalar(node, what);
        try {
            return text == null ? null : Values.fraction(text);
        } catch (IllegalArgumentException e) {
            yaml.error(node, what + ": " + e.getMessage());
            return null;
        }
    }

    private long duration(YamlReader yaml, Node node) {
        String text = yaml.scalar(node, "cooldown");
        try {
            return text == null ? -1 : Values.durationSeconds(text);
        } catch (IllegalArgumentException e) {
            yaml.error(node, "cooldown: " + e.getMessage());
            return -1;
        }
    }

    private BigInteger tokens(YamlReader yaml, Node node, String asset, String what) {
        String text = yaml.scalar(node, what);
        try {
            BigInteger amount = text == null ? null : Amounts.toBaseUnits(text, catalogue.asset(asset).orElseThrow().decimals());
            if (amount != null && amount.signum() < 0) {
                yaml.error(node, what + " must not be negative");
                return null;
            }
            return amount;
        } catch (IllegalArgumentException e) {
            yaml.error(node, what + ": " + e.getMessage() + " for " + asset);
            return null;
        }
    }

    private <E extends Enum<E> & Labelled> E label(YamlReader yaml, Node node, Class<E> type, String what) {
        String text = yaml.scalar(node, what);
        if (text == null) {
            return null;
        }
        try {
            return Labelled.fromLabel(type, text, what);
        } catch (IllegalArgumentException e) {
            yaml.error(node, e.getMessage());
            return null;
        }
    }
}
