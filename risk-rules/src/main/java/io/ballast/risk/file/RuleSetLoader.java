package io.ballast.risk.file;

import io.ballast.engine.model.Catalogue;
import io.ballast.risk.expr.ConditionCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads rule files into one {@link RuleSet}, or into the complete list of what is wrong with them.
 * A rule set is all or nothing: one error anywhere and no rule set is returned, so the rules in
 * force stay in force.
 */
public final class RuleSetLoader {

    /** The rule set, or null with the errors (sorted by file, line, column). */
    public record Result(RuleSet ruleSet, List<RuleFileError> errors) {

        public boolean ok() {
            return ruleSet != null;
        }
    }

    private final RuleFileParser parser;

    private static RuleFileError at(String file, RuleFileParser.Where where, String message) {
        return new RuleFileError(file, where.line(), where.column(), message);
    }

    public RuleSetLoader(Catalogue catalogue) {
        this.parser = new RuleFileParser(catalogue, new ConditionCompiler());
    }

    public Result loadFiles(List<Path> files) {
        Map<String, String> texts = new LinkedHashMap<>();
        List<RuleFileError> unreadable = new ArrayList<>();
        for (Path file : files) {
            try {
                texts.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                unreadable.add(new RuleFileError(file.toString(), 1, 1, "cannot read: " + e.getMessage()));
            }
        }
        if (!unreadable.isEmpty()) {
            return new Result(null, unreadable);
        }
        return load(texts);
    }

    /** @param texts file name to content, in the order given */
    public Result load(Map<String, String> texts) {
        List<RuleFileError> errors = new ArrayList<>();
        Haircuts haircuts = null;
        String haircutsFile = null;
        BigDecimal closeFactor = null;
        String closeFactorFile = null;
        ActionLimits limits = null;
        String limitsFile = null;
        Map<String, List<String>> groups = new TreeMap<>();
        Map<String, String> groupFile = new TreeMap<>();
        Map<String, InventoryTarget> inventory = new TreeMap<>();
        Map<String, String> inventoryFile = new TreeMap<>();
        Map<String, Rule> rules = new LinkedHashMap<>();
        List<Map.Entry<String, RuleFileParser.GroupReference>> references = new ArrayList<>();

        for (Map.Entry<String, String> text : texts.entrySet()) {
            RuleFileParser.ParsedFile file = parser.parse(text.getKey(), text.getValue());
            errors.addAll(file.errors());
            if (file.haircuts() != null) {
                if (haircuts != null) {
                    errors.add(at(file.file(), file.haircutsAt(), "haircuts are already set in " + haircutsFile));
                } else {
                    haircuts = file.haircuts();
                    haircutsFile = file.file();
                }
            }
            if (file.limits() != null) {
                if (limits != null) {
                    errors.add(at(file.file(), file.limitsAt(), "limits are already set in " + limitsFile));
                } else {
                    limits = file.limits();
                    limitsFile = file.file();
                }
            }
            if (file.closeFactor() != null) {
                if (closeFactor != null) {
                    errors.add(at(file.file(), file.closeFactorAt(), "close-factor is already set in " + closeFactorFile));
                } else {
                    closeFactor = file.closeFactor();
                    closeFactorFile = file.file();
                }
            }
            file.groups().forEach((name, members) -> {
                if (groups.containsKey(name)) {
                    errors.add(at(file.file(), file.groupsAt().get(name), "group '" + name + "' is already defined in "
                            + groupFile.get(name)));
                } else {
                    groups.put(name, members);
                    groupFile.put(name, file.file());
                }
            });
            file.inventory().forEach((asset, target) -> {
                if (inventory.containsKey(asset)) {
                    errors.add(at(file.file(), file.inventoryAt().get(asset), "inventory of " + asset + " is already defined in "
                            + inventoryFile.get(asset) + "; one definition per asset"));
                } else {
                    inventory.put(asset, target);
                    inventoryFile.put(asset, file.file());
                }
            });
            for (Rule rule : file.rules()) {
                Rule earlier = rules.putIfAbsent(rule.id(), rule);
                if (earlier != null) {
                    String[] at = rule.location().split(":");
                    errors.add(new RuleFileError(file.file(), Integer.parseInt(at[at.length - 2]), Integer.parseInt(at[at.length - 1]),
                            "duplicate rule id '" + rule.id() + "' (first at " + earlier.location() + ")"));
                }
            }
            for (RuleFileParser.GroupReference reference : file.groupReferences()) {
                references.add(Map.entry(file.file(), reference));
            }
        }
        for (Map.Entry<String, RuleFileParser.GroupReference> reference : references) {
            if (!groups.containsKey(reference.getValue().group())) {
                errors.add(at(reference.getKey(), reference.getValue().where(),
                        YamlReader.unknown("group", reference.getValue().group(), groups.keySet())));
            }
        }
        if (!errors.isEmpty()) {
            Collections.sort(errors);
            return new Result(null, errors);
        }
        return new Result(new RuleSet(haircuts != null ? haircuts : Haircuts.defaults(), new TreeMap<>(groups),
                new TreeMap<>(inventory), new ArrayList<>(rules.values()), closeFactor != null ? closeFactor : RuleSet.DEFAULT_CLOSE_FACTOR,
                limits != null ? limits : ActionLimits.NONE),
                List.of());
    }
}
