package io.ballast.connectors.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC endpoint on 127.0.0.1 in front of a real node, for the faults a real node will not make on
 * cue: {@link #down} answers every request with HTTP 503 (a provider's outage), {@link #lag} serves the
 * chain as it was some blocks ago (a node that fell behind: its head lower, blocks above it unknown),
 * {@link #fault} answers garbage, truncated JSON, or nothing at all (a node that hangs), and
 * {@link #reverseBatches} answers batched requests in reverse order (as JSON-RPC allows), and
 * {@link #refuseBatches} answers them with one error object (as providers without batches do), and
 * {@link #beforeNext} changes the real node just before a request reaches it (a reorg under a read).
 * Everything else is the real node's answer.
 */
public final class FaultyNode implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String upstream;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicLong lagBlocks = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private final ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "faulty-node");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean down;
    private volatile boolean reverseBatches;
    private volatile boolean refuseBatches;
    private volatile Fault fault = Fault.NONE;
    private final Map<String, Runnable> beforeNext = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byMethod = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> batchedByMethod = new ConcurrentHashMap<>();

    /** How every answer goes wrong while it is set. */
    public enum Fault {
        NONE,
        /** An HTML error page with status 200, as a misconfigured gateway sends. */
        GARBAGE,
        /** The real answer cut off halfway. */
        TRUNCATED,
        /** No answer until the fault is lifted (a node that hangs). */
        HANG
    }

    public FaultyNode(String upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers); // a hanging request must not hold the others
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void down(boolean down) {
        this.down = down;
    }

    public void lag(long blocks) {
        lagBlocks.set(blocks);
    }

    public void fault(Fault fault) {
        this.fault = fault;
    }

    public void reverseBatches(boolean reverse) {
        this.reverseBatches = reverse;
    }

    public void refuseBatches(boolean refuse) {
        this.refuseBatches = refuse;
    }

    /** Runs {@code action} on the real node before the next {@code method} request is passed on (once). */
    public void beforeNext(String method, Runnable action) {
        beforeNext.put(method, action);
    }

    /** Batched requests answered so far. */
    public int batches() {
        return batches.get();
    }

    /** Requests of {@code method} answered, alone or in batches. */
    public int requests(String method) {
        return byMethod.getOrDefault(method, new AtomicInteger()).get();
    }

    /** Requests of {@code method} that came in batches. */
    public int batched(String method) {
        return batchedByMethod.getOrDefault(method, new AtomicInteger()).get();
    }

    /** Requests answered (a 503 counts too). */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (down) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            while (fault == Fault.HANG) {
                Thread.sleep(20);
            }
            byte[] answer = JSON.writeValueAsBytes(request.isArray() ? batchAnswer((ArrayNode) request) : answer(request));
            if (fault == Fault.GARBAGE) {
                answer = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
            } else if (fault == Fault.TRUNCATED) {
                answer = Arrays.copyOf(answer, answer.length / 2);
            }
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode batchAnswer(ArrayNode requests) throws IOException, InterruptedException {
        if (refuseBatches) {
            return JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"batch requests are not supported\"}}");
        }
        batches.incrementAndGet();
        List<JsonNode> answers = new ArrayList<>();
        for (JsonNode request : requests) {
            batchedByMethod.computeIfAbsent(request.get("method").asText(), method -> new AtomicInteger()).incrementAndGet();
            answers.add(answer(request));
        }
        if (reverseBatches) {
            Collections.reverse(answers);
        }
        return JSON.createArrayNode().addAll(answers);
    }

    private JsonNode answer(JsonNode request) throws IOException, InterruptedException {
        byMethod.computeIfAbsent(request.get("method").asText(), method -> new AtomicInteger()).incrementAndGet();
        Runnable action = beforeNext.remove(request.get("method").asText());
        if (action != null) {
            action.run();
        }
        JsonNode real = forward(request);
        long lag = lagBlocks.get();
        if (lag == 0 || !real.has("result")) {
            return real;
        }
        String method = request.get("method").asText();
        if (method.equals("eth_blockNumber")) {
            long head = quantity(real.get("result")) - lag;
            return ((ObjectNode) real).put("result", "0x" + Long.toHexString(Math.max(head, 0)));
        }
        if (method.equals("eth_getBlockByNumber") && request.get("params").get(0).asText().startsWith("0x")) {
            long asked = quantity(request.get("params").get(0));
            long head = quantity(forward(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"eth_blockNumber\",\"params\":[]}"))
                    .get("result")) - lag;
            if (asked > head) {
                return ((ObjectNode) real).putNull("result"); // not there yet, as a lagging node answers
            }
        }
        return real;
    }

    private JsonNode forward(JsonNode request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(upstream)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static long quantity(JsonNode hex) {
        return new BigInteger(hex.asText().substring(2), 16).longValueExact();
    }

    @Override
    public void close() {
        fault = Fault.NONE;
        server.stop(0);
        handlers.shutdownNow();
    }
}
