package io.ballast.engine.codec;

import io.ballast.engine.event.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads an event file line by line. A bad line is reported as {@code file:line: reason} and skipped;
 * the good lines around it are all delivered. Blank lines are ignored.
 */
public final class EventFileReader {

    /** Receives each good event with its 1-based line number. */
    @FunctionalInterface
    public interface EventHandler {
        void onEvent(long line, Event event);
    }

    private final EventJson json;

    public EventFileReader(EventJson json) {
        this.json = json;
    }

    /** Reads the whole file; returns the number of rejected lines. */
    public long read(Path file, EventHandler events, Consumer<EventLineError> errors) {
        String name = file.toString();
        long rejected = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Event event;
                try {
                    event = json.read(line);
                } catch (IllegalArgumentException e) {
                    rejected++;
                    errors.accept(new EventLineError(name, number, e.getMessage()));
                    continue;
                }
                events.onEvent(number, event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event file " + name, e);
        }
        return rejected;
    }
}
