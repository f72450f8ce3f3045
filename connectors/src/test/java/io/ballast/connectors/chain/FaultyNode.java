package io.ballast.connectors.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC endpoint on 127.0.0.1 in front of a real node, for the faults a real node will not make on
 * cue: {@link #down} answers every request with HTTP 503 (a provider's outage), {@link #lag} serves the
 * chain as it was some blocks ago (a node that fell behind: its head lower, blocks above it unknown).
 * Everything else is the real node's answer.
 */
public final class FaultyNode implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String upstream;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicLong lagBlocks = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean down;

    public FaultyNode(String upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
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
            byte[] answer = JSON.writeValueAsBytes(answer(request));
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode answer(JsonNode request) throws IOException, InterruptedException {
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
        server.stop(0);
    }
}
