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
import java.util.function.Function;

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
        DefinedOnce<Haircuts> haircuts = new DefinedOnce<>(errors);
        DefinedOnce<BigDecimal> closeFactor = new DefinedOnce<>(errors);
        DefinedOnce<ActionLimits> limits = new DefinedOnce<>(errors);
        DefinedOnce<List<String>> groups = new DefinedOnce<>(errors);
        DefinedOnce<InventoryTarget> inventory = new DefinedOnce<>(errors);
        Map<String, Rule> rules = new LinkedHashMap<>();
        List<Map.Entry<String, RuleFileParser.GroupReference>> references = new ArrayList<>();

        for (Map.Entry<String, String> text : texts.entrySet()) {
            RuleFileParser.ParsedFile file = parser.parse(text.getKey(), text.getValue());
            errors.addAll(file.errors());
            String name = file.file();
            haircuts.define(DefinedOnce.ONLY, file.haircuts(), name, file.haircutsAt(), first -> "haircuts are already set in " + first);
            limits.define(DefinedOnce.ONLY, file.limits(), name, file.limitsAt(), first -> "limits are already set in " + first);
            closeFactor.define(DefinedOnce.ONLY, file.closeFactor(), name, file.closeFactorAt(), first -> "close-factor is already set in " + first);
            file.groups().forEach((group, members) -> groups.define(group, members, name, file.groupsAt().get(group),
                    first -> "group '" + group + "' is already defined in " + first));
            file.inventory().forEach((asset, target) -> inventory.define(asset, target, name, file.inventoryAt().get(asset),
                    first -> "inventory of " + asset + " is already defined in " + first + "; one definition per asset"));
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
            if (!groups.values.containsKey(reference.getValue().group())) {
                errors.add(at(reference.getKey(), reference.getValue().where(),
                        YamlReader.unknown("group", reference.getValue().group(), groups.values.keySet())));
            }
        }
        if (!errors.isEmpty()) {
            Collections.sort(errors);
            return new Result(null, errors);
        }
        return new Result(new RuleSet(haircuts.only(Haircuts.defaults()), new TreeMap<>(groups.values), new TreeMap<>(inventory.values),
                new ArrayList<>(rules.values()), closeFactor.only(RuleSet.DEFAULT_CLOSE_FACTOR), limits.only(ActionLimits.NONE)),
                List.of());
    }

    /**
     * Parts of a rule set that one file defines, by name ({@link #ONLY} for a part with no name, such as the
     * haircuts): the first definition holds, a later one is an error that names the file of the first.
     */
    private static final class DefinedOnce<V> {
        static final String ONLY = "";

        final Map<String, V> values = new TreeMap<>();
        private final Map<String, String> files = new TreeMap<>();
        private final List<RuleFileError> errors;

        DefinedOnce(List<RuleFileError> errors) {
            this.errors = errors;
        }

        /** Defines {@code key} in {@code file} (nothing when {@code value} is null); {@code already} says the error, given the first file. */
        void define(String key, V value, String file, RuleFileParser.Where where, Function<String, String> already) {
            if (value == null) {
                return;
            }
            String first = files.putIfAbsent(key, file);
            if (first != null) {
                errors.add(at(file, where, already.apply(first)));
            } else {
                values.put(key, value);
            }
        }

        /** The part with no name, or {@code otherwise} when no file defined it. */
        V only(V otherwise) {
            return values.getOrDefault(ONLY, otherwise);
        }
    }
}
