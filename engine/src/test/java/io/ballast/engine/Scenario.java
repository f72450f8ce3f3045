package io.ballast.engine;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A golden scenario directory: {@code events.jsonl}, {@code expected.txt} (exposure reports at
 * checkpoints, each section headed {@code @ after line N}; {@code #} lines are comments), optional
 * {@code decisions.txt} (one rendered decision per line) and optional {@code tokens.txt}
 * ({@code chain token asset} lines added to the default catalogue).
 */
record Scenario(String name, Path dir, Catalogue catalogue) {

    static List<Scenario> all() {
        try {
            Path root = Path.of(Scenario.class.getResource("/scenarios").toURI());
            try (Stream<Path> dirs = Files.list(root)) {
                return dirs.filter(Files::isDirectory).sorted().map(Scenario::load).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Scenario load(Path dir) {
        Catalogue.Builder catalogue = Catalogue.builder(Catalogue.defaults());
        for (String line : lines(dir.resolve("tokens.txt"))) {
            String[] parts = line.split("\\s+");
            catalogue.token(parts[0], parts[1], parts[2]);
        }
        return new Scenario(dir.getFileName().toString(), dir, catalogue.build());
    }

    /** Events by line number. */
    TreeMap<Long, Event> events() {
        EventJson json = new EventJson(catalogue);
        TreeMap<Long, Event> events = new TreeMap<>();
        List<String> lines = readAll(dir.resolve("events.jsonl"));
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                events.put(i + 1L, json.read(lines.get(i)));
            }
        }
        return events;
    }

    /** Expected report text by checkpoint line. */
    Map<Long, String> checkpoints() {
        TreeMap<Long, String> checkpoints = new TreeMap<>();
        long current = -1;
        StringBuilder text = new StringBuilder();
        for (String line : lines(dir.resolve("expected.txt"))) {
            if (line.startsWith("@ after line ")) {
                if (current >= 0) {
                    checkpoints.put(current, text.toString());
                }
                current = Long.parseLong(line.substring("@ after line ".length()).trim());
                text.setLength(0);
            } else {
                text.append(line).append('\n');
            }
        }
        if (current >= 0) {
            checkpoints.put(current, text.toString());
        }
        return checkpoints;
    }

    List<String> expectedDecisions() {
        return lines(dir.resolve("decisions.txt"));
    }

    static String render(Decision decision) {
        if (decision instanceof Alert a) {
            return "alert " + a.rule() + " " + a.severity().label() + " " + a.state().label() + " " + a.scope().key()
                    + " value " + a.value() + " threshold " + a.threshold() + " seq " + a.journalSeq();
        }
        return decision.toString();
    }

    /** Non-blank, non-comment lines; none when the file is absent. */
    private static List<String> lines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (String line : readAll(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                result.add(line);
            }
        }
        return result;
    }

    private static List<String> readAll(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
