package io.ballast.risk.file;

import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.model.Catalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rule files as the event that journals them: their full text, versioned by a digest of it. */
public final class RuleFiles {

    private RuleFiles() {
    }

    /** Rule files checked against the catalogue: the event that journals them, or null with their errors ({@code file:line:col: message}). */
    public record Checked(RulesVersionMarked rules, List<String> errors) {

        public boolean ok() {
            return rules != null;
        }
    }

    /**
     * Reads the rule files as {@link #read} does and checks what it read (each file once: what is checked is
     * what is published); a reload refuses the whole set when they do not validate, and the rules in force stay.
     */
    public static Checked readChecked(List<Path> files, Catalogue catalogue) {
        RuleSetLoader loader = new RuleSetLoader(catalogue);
        RulesVersionMarked rules;
        try {
            rules = read(files);
        } catch (UncheckedIOException unreadable) {
            // The loader names the file that cannot be read as `rules check` does.
            List<String> errors = errorsOf(loader.loadFiles(files));
            return new Checked(null, errors.isEmpty() ? List.of(unreadable.getMessage()) : errors);
        }
        Map<String, String> inGivenOrder = new LinkedHashMap<>();
        files.forEach(file -> inGivenOrder.put(file.toString(), rules.files().get(file.toString())));
        RuleSetLoader.Result loaded = loader.load(inGivenOrder);
        return loaded.ok() ? new Checked(rules, List.of()) : new Checked(null, errorsOf(loaded));
    }

    private static List<String> errorsOf(RuleSetLoader.Result loaded) {
        return loaded.errors().stream().map(Object::toString).toList();
    }

    public static RulesVersionMarked read(List<Path> files) {
        TreeMap<String, String> texts = new TreeMap<>();
        for (Path file : files) {
            try {
                texts.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read rule file " + file, e);
            }
        }
        return new RulesVersionMarked(version(texts), texts);
    }

    /** {@code sha256:} and the first 16 hex digits of the digest over every name and text, in name order. */
    static String version(TreeMap<String, String> texts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> text : texts.entrySet()) {
                sha.update(text.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(text.getValue().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
