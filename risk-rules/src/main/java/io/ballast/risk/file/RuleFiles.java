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

    /** Reads the rule files as {@link #read} does once they validate; a reload refuses the whole set otherwise, and the rules in force stay. */
    public static Checked readChecked(List<Path> files, Catalogue catalogue) {
        RuleSetLoader.Result loaded = new RuleSetLoader(catalogue).loadFiles(files);
        return loaded.ok() ? new Checked(read(files), List.of()) : new Checked(null, loaded.errors().stream().map(Object::toString).toList());
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
