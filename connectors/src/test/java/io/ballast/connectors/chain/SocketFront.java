package io.ballast.connectors.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A WebSocket JSON-RPC front on 127.0.0.1 that relays to a real node, except that it answers
 * {@code eth_subscribe newPendingTransactions} with an error, as nodes and providers that do not offer
 * the subscription do.
 */
final class SocketFront extends WebSocketServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI upstream;
    private final Map<WebSocket, WebSocketClient> relays = new ConcurrentHashMap<>();

    SocketFront(int upstreamPort) throws InterruptedException {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.upstream = URI.create("ws://127.0.0.1:" + upstreamPort);
        setReuseAddr(true);
        start();
        while (getPort() == 0) {
            Thread.sleep(10);
        }
    }

    String url() {
        return "ws://127.0.0.1:" + getPort();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        WebSocketClient relay = new WebSocketClient(upstream) {
            @Override
            public void onOpen(ServerHandshake handshake) {
            }

            @Override
            public void onMessage(String message) {
                conn.send(message);
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
                conn.close();
            }

            @Override
            public void onError(Exception e) {
                conn.close();
            }
        };
        try {
            relay.connectBlocking();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        relays.put(conn, relay);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        JsonNode request;
        try {
            request = JSON.readTree(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if ("eth_subscribe".equals(request.path("method").asText())
                && "newPendingTransactions".equals(request.path("params").path(0).asText())) {
            conn.send("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"error\":{\"code\":-32601,"
                    + "\"message\":\"newPendingTransactions is not offered here\"}}");
            return;
        }
        relays.get(conn).send(message);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        WebSocketClient relay = relays.remove(conn);
        if (relay != null) {
            relay.close();
        }
    }

    @Override
    public void onError(WebSocket conn, Exception e) {
    }

    @Override
    public void onStart() {
    }

    @Override
    public void close() throws InterruptedException {
        stop(1_000);
    }
}
