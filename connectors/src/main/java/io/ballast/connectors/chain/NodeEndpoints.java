package io.ballast.connectors.chain;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The nodes one chain can be read from, in order of preference, and which one is read now. A source
 * moves to the next after failures in a row, or to one whose head is ahead when the health check finds
 * the one in use lagging. Whatever the node, a block is trusted only as far as its hash matches what
 * was handed over: a node that is behind is waited for, never taken for a reorg.
 */
final class NodeEndpoints implements AutoCloseable {

    /**
     * One node: its JSON-RPC connection (every call bounded by the request timeout, so a node that hangs
     * fails the poll instead of holding it), whether it proved it serves the chain, and whether it refused
     * batched requests (then it is asked one request at a time).
     */
    static final class Node {
        final String url;
        final HttpService service;
        final Web3j web3j;
        boolean chainIdVerified;
        /** Rounds still to ask one request at a time since the node last refused a batch (0: batches are tried). */
        int unbatchedRounds;
        /** The node refused a batch and has not taken one since. */
        boolean batchesRefused;

        private Node(String url, Duration requestTimeout) {
            this.url = url;
            this.service = new HttpService(url, new OkHttpClient.Builder().callTimeout(requestTimeout).build());
            this.web3j = Web3j.build(service);
        }

        /** The node's head now, or -1 when it cannot say. */
        long head() {
            try {
                var answer = web3j.ethBlockNumber().send();
                return answer.hasError() ? -1 : answer.getBlockNumber().longValueExact();
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        String redacted() {
            return Redaction.url(url);
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private int current;
    private long switches;

    NodeEndpoints(List<String> urls, Duration requestTimeout) {
        urls.forEach(url -> nodes.add(new Node(url, requestTimeout)));
    }

    Node current() {
        return nodes.get(current);
    }

    int size() {
        return nodes.size();
    }

    long switches() {
        return switches;
    }

    /** Moves to the next node, round the list. */
    void moveOn() {
        use((current + 1) % nodes.size());
    }

    /**
     * The health check: the heads of all nodes; if another is more than {@code maxLagBlocks} ahead of
     * the one in use (or the one in use cannot say), moves to the one furthest ahead. Returns whether it moved.
     */
    boolean moveIfLagging(long maxLagBlocks) {
        long inUse = current().head();
        int best = current;
        long bestHead = inUse;
        for (int i = 0; i < nodes.size(); i++) {
            if (i != current) {
                long head = nodes.get(i).head();
                if (head > bestHead) {
                    best = i;
                    bestHead = head;
                }
            }
        }
        if (best == current || (inUse >= 0 && bestHead - inUse <= maxLagBlocks)) {
            return false;
        }
        use(best);
        return true;
    }

    private void use(int index) {
        if (index != current) {
            current = index;
            switches++;
        }
    }

    @Override
    public void close() {
        nodes.forEach(node -> node.web3j.shutdown());
    }
}
