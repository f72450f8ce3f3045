package io.ballast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The published JSON Schemas of docs/schemas, each message checked against the one its type names. */
final class MessageSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MessageSchemas() {
    }

    static JsonNode assertValid(String message) {
        JsonNode node = read(message);
        String schema = node.get("type").asText() + ".schema.json";
        assertEquals(Set.of(), errors(schema, node), message + " against " + schema);
        return node;
    }

    /** What the schema in {@code file} (under docs/schemas) finds wrong with a message; empty when valid. */
    static Set<ValidationMessage> errors(String file, JsonNode message) {
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("ballast.schemas.dir"), file))) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            return schema.validate(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String message) {
        try {
            return MAPPER.readTree(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
