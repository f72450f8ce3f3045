package io.ballast.risk.file;

import io.ballast.engine.codec.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Typed reading of a composed YAML node tree, collecting located errors instead of stopping at the first. */
final class YamlReader {

    private final String file;
    private final List<RuleFileError> errors = new ArrayList<>();

    YamlReader(String file) {
        this.file = file;
    }

    List<RuleFileError> errors() {
        return errors;
    }

    String file() {
        return file;
    }

    void error(Node node, String message) {
        errors.add(new RuleFileError(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, message));
    }

    void error(int line, int column, String message) {
        errors.add(new RuleFileError(file, line, column, message));
    }

    String location(Node node) {
        return file + ":" + (node.getStartMark().getLine() + 1) + ":" + (node.getStartMark().getColumn() + 1);
    }

    /**
     * The entries of a mapping by key, with their key nodes; reports keys outside {@code known}
     * (suggesting the nearest) and repeated keys. Returns null, reported, when the node is not a mapping.
     */
    Map<String, Entry> mapping(Node node, String what, List<String> known) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, what + " must be a mapping");
            return null;
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key");
            if (key == null) {
                continue;
            }
            if (known != null && !known.contains(key)) {
                error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + Suggestions.nearest(key, known)
                        .map(s -> " (did you mean '" + s + "'?)").orElse(""));
                continue;
            }
            if (entries.containsKey(key)) {
                error(tuple.getKeyNode(), "duplicate key '" + key + "' in " + what);
                continue;
            }
            entries.put(key, new Entry(tuple.getKeyNode(), tuple.getValueNode()));
        }
        return entries;
    }

    /** Reports each key of {@code required} missing from {@code entries}, at {@code node}. */
    boolean require(Map<String, Entry> entries, Node node, String what, String... required) {
        boolean complete = true;
        for (String key : required) {
            if (!entries.containsKey(key)) {
                error(node, what + " needs '" + key + "'");
                complete = false;
            }
        }
        return complete;
    }

    List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode sequence)) {
            error(node, what + " must be a list");
            return null;
        }
        return sequence.getValue();
    }

    String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            error(node, what + " must be a single value");
            return null;
        }
        return scalar.getValue();
    }

    /** Names of a list, each checked by {@code known}; repeats reported. */
    List<String> names(Node node, String what, Set<String> known, String kind) {
        List<Node> items = sequence(node, what);
        if (items == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node item : items) {
            String name = scalar(item, "an entry of " + what);
            if (name == null) {
                continue;
            }
            if (!known.contains(name)) {
                error(item, unknown(kind, name, known));
            } else if (!seen.add(name)) {
                error(item, kind + " '" + name + "' is listed twice in " + what);
            } else {
                names.add(name);
            }
        }
        return names;
    }

    static String unknown(String kind, String name, Set<String> known) {
        return "unknown " + kind + " '" + name + "'" + Suggestions.nearest(name, known)
                .map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** A mapping entry: its key node (for messages about the key) and value node. */
    record Entry(Node key, Node value) {
    }
}
