package io.ballast.ops.cluster;

import io.ballast.ops.http.BearerToken;
import io.ballast.ops.http.JsonResponses;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A cluster node's HTTP surface: {@code /health}, {@code /ready} (a member that is up and reads
 * partitions), {@code /metrics} (membership and placement as Prometheus gauges) and
 * {@code /api/cluster}: the members with their status and roles, who is unreachable, the partitions
 * this node reads (with the next offset of each, and how far behind its log's end it is), where every
 * partition is placed (asset partitions by number, and the portfolio) and the live chains this node
 * follows, with their sources' figures; and, with the token, {@code POST /api/rules/reload}, which has
 * the live chains' ingest publish the rule files as they are now.
 */
final class ClusterHttp extends AllDirectives {

    /** The placement is read from a majority; a node cut off from it says so rather than hang the request. */
    private static final Duration PLACEMENT_TIMEOUT = Duration.ofSeconds(3);
    private static final List<MemberStatus> STATUSES = List.of(MemberStatus.joining(), MemberStatus.weaklyUp(), MemberStatus.up(),
            MemberStatus.leaving(), MemberStatus.exiting(), MemberStatus.down());

    private final ClusterNode node;
    private final BearerToken token;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** @param token the bearer token of {@code POST /api/rules/reload}; empty turns it off */
    ClusterHttp(ClusterNode node, String token) {
        this.node = node;
        this.token = new BearerToken(token);
        for (MemberStatus status : STATUSES) {
            Gauge.builder("ballast.cluster.members", node, n -> n.members().stream().filter(m -> m.status() == status).count())
                    .tag("status", label(status)).description("members of the cluster as this node sees them").register(metrics);
        }
        Gauge.builder("ballast.cluster.unreachable", node, n -> n.unreachable().size()).description("members this node cannot reach")
                .register(metrics);
        Gauge.builder("ballast.cluster.partitions.here", node, n -> n.partitionsHere().size()).description("partitions this node reads (asset partitions and the portfolio)")
                .register(metrics);
        Gauge.builder("ballast.cluster.chains.here", node, ClusterNode::chainsFollowedHere)
                .description("live chains this node follows (each has one owner)").register(metrics);
        Gauge.builder("ballast.cluster.chains.failing", node, ClusterNode::chainsFailingHere)
                .description("live chains followed here whose node cannot be read now").register(metrics);
        Gauge.builder("ballast.cluster.snapshot.age.max", node, n -> n.snapshotAgesHere().values().stream().mapToLong(Long::longValue).max()
                        .orElse(0)).baseUnit("seconds")
                .description("the oldest snapshot of the partitions here (the log must hold everything after it)").register(metrics);
        Gauge.builder("ballast.cluster.lag", node, n -> n.lagHere().values().stream().mapToLong(Long::longValue).sum())
                .description("records the partitions here are behind the end of their logs").register(metrics);
        FunctionCounter.builder("ballast.cluster.inputs.taken", node, ClusterNode::inputsTaken).description("inputs the partitions here took")
                .register(metrics);
        FunctionCounter.builder("ballast.cluster.records.malformed", node, ClusterNode::recordsMalformed)
                .description("records of the events topic that were not events").register(metrics);
    }

    Route route() {
        return concat(
                path("health", () -> get(() -> json(StatusCodes.OK, Map.of("status", "up", "member", label(node.self().status()))))),
                path("ready", () -> get(this::ready)),
                path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8,
                        metrics.scrape()))))),
                pathPrefix("api", () -> concat(
                        path("cluster", () -> get(() -> json(StatusCodes.OK, cluster()))),
                        pathPrefix("rules", () -> path("reload", () -> post(() -> token.authorized(this::reloadRules)))))));
    }

    /** Publishes the rule files (200), or says why not: they do not validate (422), or this node cannot (409). */
    private Route reloadRules() {
        CompletionStage<List<String>> published;
        try {
            published = node.reloadRules();
        } catch (IllegalStateException cannot) {
            return json(StatusCodes.CONFLICT, Map.of("error", cannot.getMessage()));
        }
        return onSuccess(published, errors -> errors.isEmpty() ? json(StatusCodes.OK, Map.of("published", true))
                : json(StatusCodes.UNPROCESSABLE_ENTITY, Map.of("error", "the rule files were refused; the rules in force stay", "errors", errors)));
    }

    private Route ready() {
        List<String> waitingFor = new ArrayList<>();
        if (node.self().status() != MemberStatus.up()) {
            waitingFor.add("membership: " + label(node.self().status()));
        }
        if (node.reads() && node.partitionsHere().isEmpty()) {
            waitingFor.add("partitions to read");
        }
        return json(waitingFor.isEmpty() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
                Map.of("ready", waitingFor.isEmpty(), "waitingFor", waitingFor));
    }

    private Map<String, Object> cluster() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("self", node.self().address().hostPort());
        body.put("status", label(node.self().status()));
        body.put("members", node.members().stream().map(ClusterHttp::member).toList());
        body.put("unreachable", node.unreachable().stream().map(m -> m.address().hostPort()).sorted().toList());
        body.put("partitionsHere", node.partitionsHere());
        body.put("lag", node.lagHere());
        body.put("snapshotAgeSeconds", node.snapshotAgesHere());
        body.put("chainsHere", node.chainsHere());
        try {
            body.put("placement", node.placement().toCompletableFuture().get(PLACEMENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body.put("placementUnknown", "interrupted");
        } catch (Exception e) {
            body.put("placementUnknown", "no majority answered in " + PLACEMENT_TIMEOUT.toSeconds() + " s: " + e);
        }
        body.put("inputsTaken", node.inputsTaken());
        body.put("recordsMalformed", node.recordsMalformed());
        return body;
    }

    private static Map<String, Object> member(Member member) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("address", member.address().hostPort());
        row.put("status", label(member.status()));
        row.put("roles", new TreeSet<>(member.getRoles()));
        return row;
    }

    /** {@code Up} → {@code up}, {@code WeaklyUp} → {@code weakly-up}. */
    private static String label(MemberStatus status) {
        return status.toString().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private Route json(StatusCode status, Object body) {
        return complete(JsonResponses.of(status, body));
    }
}
