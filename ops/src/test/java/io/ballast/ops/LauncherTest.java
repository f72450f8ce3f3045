package io.ballast.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command on a fresh copy of the repository (sources only, nothing built): the
 * launcher builds the assembly and says so, {@code run} starts the embedded default, the API answers,
 * alerts appear from the simulation, the token from the environment opens the mutating endpoints,
 * and SIGTERM stops it gracefully with exit code 0.
 */
class LauncherTest {

    private static final Set<String> NOT_COPIED = Set.of("target", ".git", "data", "node_modules");
    private static final Pattern LISTENING = Pattern.compile("dashboard and API on (http://127\\.0\\.0\\.1:\\d+/)");

    @Test
    void theLauncherBuildsAndRunsTheEmbeddedDefaultOnAFreshCopy(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("ballast");
        copySources(Path.of("..").toAbsolutePath().normalize(), copy);

        ProcessBuilder versionCommand = new ProcessBuilder("./ballast", "version").directory(copy.toFile());
        Output versionOut = Output.of(versionCommand, dir, "version.out", false);
        Output versionErr = Output.of(versionCommand, dir, "version.err", true);
        Process version = versionCommand.start();
        assertTrue(version.waitFor(8, TimeUnit.MINUTES), "the build finishes");
        assertEquals(0, version.exitValue(), versionErr.text());
        assertTrue(versionErr.text().contains("ballast: building the runnable assembly"), versionErr.text());
        assertTrue(versionOut.text().startsWith("ballast "), versionOut.text());

        ProcessBuilder run = new ProcessBuilder("./ballast", "run", "--port", "0", "--speed", "20").directory(copy.toFile());
        run.environment().put("BALLAST_HTTP_TOKEN", "from-the-environment");
        Output out = Output.of(run, dir, "run.out", false);
        Output err = Output.of(run, dir, "run.err", true);
        Process ballast = run.start();
        try {
            String base = awaitMatch(err, LISTENING);
            assertTrue(!err.text().contains("building"), "built once: " + err.text());
            HttpClient client = HttpClient.newHttpClient();
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "health")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
            await("an alert from the simulation", () -> out.text().contains("alert firing"));
            HttpRequest reload = HttpRequest.newBuilder(URI.create(base + "api/rules/reload")).POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer from-the-environment").build();
            assertEquals(200, client.send(reload, HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            ballast.destroy(); // SIGTERM
        }
        assertTrue(ballast.waitFor(60, TimeUnit.SECONDS), "stops after SIGTERM");
        assertEquals(0, ballast.exitValue(), err.text());
        assertTrue(err.text().contains("ballast: stopped"), err.text());
        assertTrue(Files.isDirectory(copy.resolve("data/journal/inputs")), "journalled under ./data");
        assertTrue(!err.text().contains("Exception"), err.text());
    }

    private static void copySources(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (relative.toString().isEmpty() || streamOf(relative).noneMatch(NOT_COPIED::contains)) {
                    Path target = to.resolve(relative.toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                        target.toFile().setExecutable(file.toFile().canExecute());
                    }
                }
            }
        }
    }

    private static Stream<String> streamOf(Path relative) {
        return java.util.stream.StreamSupport.stream(relative.spliterator(), false).map(Path::toString);
    }

    private static String awaitMatch(Output output, Pattern pattern) {
        String[] found = new String[1];
        await("a line matching " + pattern, () -> {
            Matcher matcher = pattern.matcher(output.text());
            if (matcher.find()) {
                found[0] = matcher.group(1);
            }
            return found[0] != null;
        });
        return found[0];
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A child's output, redirected to a file (complete even after the child exits). */
    private record Output(Path file) {
        static Output of(ProcessBuilder process, Path dir, String name, boolean error) {
            Output output = new Output(dir.resolve(name));
            if (error) {
                process.redirectError(output.file().toFile());
            } else {
                process.redirectOutput(output.file().toFile());
            }
            return output;
        }

        String text() {
            try {
                return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
