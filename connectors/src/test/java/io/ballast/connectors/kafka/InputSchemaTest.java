package io.ballast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.model.Catalogue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The inputs topic's contract, docs/schemas/input-event.schema.json, agrees with the engine's reader:
 * every event type and the example event file are valid; lines the reader refuses for their shape are
 * invalid too, so a producing team that validates against the schema sends nothing that is dead-lettered for it.
 */
class InputSchemaTest {

    private static final String SCHEMA = "input-event.schema.json";
    private final EventJson reader = new EventJson(Catalogue.defaults());

    @Test
    void everyEventTypeAndTheExampleEventsAreValid() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = InputSchemaTest.class.getResourceAsStream("/all-event-types.jsonl")) {
            lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
        lines.addAll(Files.readAllLines(Path.of(System.getProperty("ballast.schemas.dir"), "../../examples/events.jsonl")));
        for (String line : lines) {
            reader.read(line);
            assertEquals(Set.of(), MessageSchemas.errors(SCHEMA, MessageSchemas.read(line)), line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"price\",\"asset\":\"ETH\",\"timestamp\":1700000000}",
            "{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"3000\",\"timestamp\":1700000000,\"sauce\":\"x\"}",
            "{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"1,000\"}",
            "{\"type\":\"bridge\",\"id\":\"b-1\",\"status\":\"initiated\"}",
            "{\"type\":\"bridge\",\"id\":\"b-1\",\"status\":\"arrived\"}",
            "{\"type\":\"obligation\",\"id\":\"o-1\",\"asset\":\"USDC\",\"amount\":\"-5\"}",
            "{\"type\":\"fill\",\"asset\":\"USDC\"}"})
    void linesTheReaderRefusesForTheirShapeAreInvalid(String line) {
        assertThrows(IllegalArgumentException.class, () -> reader.read(line));
        assertFalse(MessageSchemas.errors(SCHEMA, MessageSchemas.read(line)).isEmpty(), line);
    }
}
