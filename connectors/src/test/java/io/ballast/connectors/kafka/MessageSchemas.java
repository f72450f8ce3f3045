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
        try {
            JsonNode node = MAPPER.readTree(message);
            Path file = Path.of(System.getProperty("ballast.schemas.dir"), node.get("type").asText() + ".schema.json");
            try (InputStream in = Files.newInputStream(file)) {
                JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
                Set<ValidationMessage> errors = schema.validate(node);
                assertEquals(Set.of(), errors, message + " against " + file.getFileName());
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
