package io.ballast.ops.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.ballast.engine.model.Catalogue;
import io.ballast.ops.config.BallastConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A {@link BallastService} on a free port for a test, with a client for its HTTP API and its console. */
final class RunningBallast implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final BallastService service;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The embedded default (the simulated desk and the example rules) at {@code speed}. */
    RunningBallast(Path data, double speed, String token) {
        this(config(data, "../examples/rules.yaml", token).withValue("ballast.simulation.speed", ConfigValueFactory.fromAnyRef(speed)));
    }

    RunningBallast(Config config) {
        this.service = BallastService.start(BallastConfig.from(config, Catalogue.defaults()), new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    /** The defaults with this data directory, rule file and token, on a free port. */
    static Config config(Path data, String rules, String token) {
        return ConfigFactory.load()
                .withValue("ballast.data-dir", ConfigValueFactory.fromAnyRef(data.toString()))
                .withValue("ballast.rules", ConfigValueFactory.fromIterable(List.of(rules)))
                .withValue("ballast.http.port", ConfigValueFactory.fromAnyRef(0))
                .withValue("ballast.http.token", ConfigValueFactory.fromAnyRef(token));
    }

    String url(String path) {
        return "http://127.0.0.1:" + service.httpPort() + path;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET().build());
    }

    HttpResponse<String> post(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    JsonNode json(String path) {
        try {
            return JSON.readTree(get(path).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
