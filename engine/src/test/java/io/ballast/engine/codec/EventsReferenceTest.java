package io.ballast.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.model.Catalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/events.md lists every event type with exactly the codec's fields, and every example in it reads back canonically. */
class EventsReferenceTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\| (.+) \\| `(.+)` \\|$");

    @Test
    void everyTypeIsDocumentedWithItsFieldsAndAWorkingExample() throws Exception {
        EventJson json = new EventJson(Catalogue.defaults());
        List<String> documented = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../docs/events.md"))) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String type = row.group(1);
            documented.add(type);
            List<String> fields = new ArrayList<>(List.of("type"));
            Arrays.stream(row.group(2).split(", ")).map(f -> f.replace("[", "").replace("]", "")).forEach(fields::add);
            assertEquals(EventJson.fieldsOf(type), fields, "fields of " + type);
            String example = row.group(3).replace("\\\\n", "\\n");
            assertEquals(example, json.write(json.read(example)), "example of " + type + " reads and writes back canonically");
        }
        assertEquals(EventJson.types(), documented.stream().sorted().toList(), "every event type is documented");
        assertTrue(documented.size() >= 10);
    }
}
