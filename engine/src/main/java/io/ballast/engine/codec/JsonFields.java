package io.ballast.engine.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.ballast.engine.model.Amounts;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Typed, checked access to the fields of one JSON event object; every failure names the field. */
final class JsonFields {

    private final JsonNode node;

    JsonFields(JsonNode node) {
        this.node = node;
    }

    /** Rejects any field not in {@code known}, suggesting the nearest known name. */
    void rejectUnknown(List<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'" + Suggestions.nearest(name, known)
                        .map(s -> " (did you mean '" + s + "'?)").orElse(""));
            }
        }
    }

    String text(String name) {
        JsonNode value = required(name);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("field '" + name + "' must be a non-empty string");
        }
        return value.asText();
    }

    Optional<String> optionalText(String name) {
        return node.has(name) && !node.get(name).isNull() ? Optional.of(text(name)) : Optional.empty();
    }

    long integer(String name) {
        JsonNode value = required(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + name + "' must be a whole number, got " + value);
        }
        return value.asLong();
    }

    long optionalInteger(String name, long absent) {
        return node.has(name) && !node.get(name).isNull() ? integer(name) : absent;
    }

    /** A decimal given as a string ({@code "1015.5"}) or a plain JSON number. */
    String decimalText(String name) {
        return decimalText(name, required(name));
    }

    static String decimalText(String name, JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isNumber()) {
            return value.decimalValue().toPlainString();
        }
        throw new IllegalArgumentException("field '" + name + "' must be a decimal string like \"1015.5\", got " + value);
    }

    BigDecimal decimal(String name) {
        String text = decimalText(name);
        try {
            return Amounts.parseDecimal(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + name + "': " + e.getMessage());
        }
    }

    JsonNode object(String name) {
        JsonNode value = required(name);
        if (!value.isObject()) {
            throw new IllegalArgumentException("field '" + name + "' must be an object");
        }
        return value;
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return value;
    }
}
