package io.ballast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the README's code examples honest: each is the body of a test, between {@code // README-BEGIN}
 * and {@code // README-END}, word for word. Other modules' tests use it through this module's test jar.
 */
public final class ReadmeExamples {

    private ReadmeExamples() {
    }

    /** Asserts that the first Java block after {@code heading} in the README is the marked code of {@code testSource}. */
    public static void assertDocumented(Path readme, String heading, Path testSource) throws IOException {
        String source = Files.readString(testSource);
        String example = between(source, "// README-BEGIN\n", "        // README-END");
        String text = Files.readString(readme);
        int section = text.indexOf(heading);
        assertTrue(section >= 0, "the README has no " + heading);
        String documented = between(text.substring(section), "```java\n", "```\n");
        assertEquals(unindent(example), documented, "README example equals the tested code");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "missing " + start.strip());
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static String unindent(String code) {
        StringBuilder out = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            out.append(line.startsWith("        ") ? line.substring(8) : line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}
