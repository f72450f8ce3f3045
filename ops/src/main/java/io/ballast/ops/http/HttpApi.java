package io.ballast.ops.http;

import io.ballast.connectors.kafka.ActionMode;
import io.ballast.ops.live.ActionControl;
import io.ballast.ops.live.LiveView;
import io.ballast.ops.live.Picture;
import io.ballast.ops.metrics.OpsMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The HTTP surface (DESIGN §7): {@code /health}, {@code /ready}, {@code /metrics}, {@code /api/exposure},
 * {@code /api/alerts}, {@code /api/transfers}, {@code /api/rules}, the live stream {@code /api/stream}
 * (server-sent events) and the dashboard at {@code /}. Reads are open; what changes something
 * ({@code POST /api/rules/reload}, {@code /api/rules/action-mode}, {@code /api/rules/kill-switch})
 * needs {@code Authorization: Bearer <token>} and is refused outright when no token is configured.
 */
public final class HttpApi extends AllDirectives {

    /** What the rule endpoints act on. */
    public interface RuleControl {
        /** The rule set in force: version, files and rules, as JSON-ready data. */
        Map<String, Object> describe();

        /** Reads the rule files again and proposes them; the errors, none when they were taken. */
        List<String> reload();
    }

    private final LiveView view;
    private final OpsMetrics metrics;
    private final ActionControl actions;
    private final RuleControl rules;
    private final Supplier<List<String>> notReady;
    private final Supplier<Map<String, Object>> connections;
    private final BearerToken token;
    private final Duration streamInterval;
    private final Map<String, byte[]> dashboard = new HashMap<>();

    /**
     * @param notReady    why the engine is not ready (replay under way, a chain not live); empty once it is
     * @param connections the figures of the chain nodes and Kafka (heads, failures, outbox lag), for {@code /health}
     * @param token    the bearer token of the mutating endpoints; empty turns them off
     */
    public HttpApi(LiveView view, OpsMetrics metrics, ActionControl actions, RuleControl rules, Supplier<List<String>> notReady,
                   Supplier<Map<String, Object>> connections, String token, Duration streamInterval) {
        this.view = view;
        this.metrics = metrics;
        this.actions = actions;
        this.rules = rules;
        this.notReady = notReady;
        this.connections = connections;
        this.token = new BearerToken(token);
        this.streamInterval = streamInterval;
        for (String file : List.of("dashboard.html", "dashboard.js", "dashboard.css")) {
            dashboard.put(file, load(file));
        }
    }

    public Route route() {
        return concat(
                pathSingleSlash(() -> get(() -> resource("dashboard.html", ContentTypes.TEXT_HTML_UTF8))),
                path("dashboard.js", () -> get(() -> resource("dashboard.js",
                        ContentTypes.create(MediaTypes.APPLICATION_JAVASCRIPT, HttpCharsets.UTF_8)))),
                path("dashboard.css", () -> get(() -> resource("dashboard.css",
                        ContentTypes.create(MediaTypes.TEXT_CSS, HttpCharsets.UTF_8)))),
                path("health", () -> get(this::health)),
                path("ready", () -> get(this::ready)),
                path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape(view.refresh())))))),
                pathPrefix("api", () -> concat(
                        path("exposure", () -> get(() -> json(StatusCodes.OK, view.latest()))),
                        path("alerts", () -> get(() -> {
                            Picture picture = view.latest();
                            return json(StatusCodes.OK, Map.of("firing", picture.firing(), "recent", picture.recent()));
                        })),
                        path("transfers", () -> get(() -> json(StatusCodes.OK, Map.of("inFlight", view.latest().inFlight())))),
                        path("stream", () -> get(this::stream)),
                        pathPrefix("rules", () -> concat(
                                pathEnd(() -> get(() -> json(StatusCodes.OK, rulesAndActions()))),
                                path("reload", () -> post(() -> token.authorized(this::reload))),
                                path("action-mode", () -> post(() -> token.authorized(() -> parameter("mode", this::switchMode)))),
                                path("kill-switch", () -> post(() -> token.authorized(() -> parameter("on", this::killSwitch)))))))));
    }

    /** Up while it answers; with what each connection is doing, the outbox's lag among it. */
    private Route health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "up");
        body.put("inputSeq", view.latest().inputSeq());
        body.putAll(connections.get());
        return json(StatusCodes.OK, body);
    }

    private Route ready() {
        List<String> reasons = notReady.get();
        return json(reasons.isEmpty() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
                Map.of("ready", reasons.isEmpty(), "waitingFor", reasons));
    }

    private Route stream() {
        Source<ServerSentEvent, NotUsed> pictures = Source.tick(Duration.ZERO, streamInterval, "tick")
                .map(tick -> ServerSentEvent.create(JsonResponses.write(view.latest()), "picture"))
                .keepAlive(Duration.ofSeconds(15), ServerSentEvent::heartbeat)
                .mapMaterializedValue(cancellable -> NotUsed.getInstance());
        return completeOK(pictures, EventStreamMarshalling.toEventStream());
    }

    private Map<String, Object> rulesAndActions() {
        Map<String, Object> body = new LinkedHashMap<>(rules.describe());
        ActionControl.Setting setting = actions.setting();
        body.put("actionMode", setting.mode().label());
        body.put("killSwitch", setting.killSwitch());
        return body;
    }

    private Route reload() {
        List<String> errors = rules.reload();
        return errors.isEmpty() ? json(StatusCodes.OK, rulesAndActions())
                : json(StatusCodes.UNPROCESSABLE_ENTITY, Map.of("error", "the rule files were refused; the rules in force stay", "errors", errors));
    }

    private Route switchMode(String mode) {
        Optional<ActionMode> chosen = List.of(ActionMode.values()).stream().filter(m -> m.label().equals(mode)).findFirst();
        if (chosen.isEmpty()) {
            return json(StatusCodes.BAD_REQUEST, Map.of("error", "mode must be monitor-only or publish, got '" + mode + "'"));
        }
        actions.mode(chosen.get());
        view.refresh();
        return json(StatusCodes.OK, rulesAndActions());
    }

    private Route killSwitch(String on) {
        if (!on.equals("true") && !on.equals("false")) {
            return json(StatusCodes.BAD_REQUEST, Map.of("error", "on must be true or false, got '" + on + "'"));
        }
        actions.killSwitch(Boolean.parseBoolean(on));
        view.refresh();
        return json(StatusCodes.OK, rulesAndActions());
    }

    private Route json(StatusCode status, Object body) {
        return complete(JsonResponses.of(status, body));
    }

    private Route resource(String name, ContentType type) {
        return complete(HttpResponse.create().withEntity(HttpEntities.create(type, dashboard.get(name))));
    }

    /** A dashboard file from the assembly, read once at start. */
    private static byte[] load(String name) {
        try (InputStream in = HttpApi.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the assembly lacks /dashboard/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
