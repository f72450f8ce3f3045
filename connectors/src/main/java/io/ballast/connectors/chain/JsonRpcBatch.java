package io.ballast.connectors.chain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/**
 * Requests of one method sent as JSON-RPC batches, their answers handed back in the order asked.
 * A node may answer a batch in any order (JSON-RPC says so), and web3j pairs answers with requests
 * by position; so every batch holds one method only (each answer parses as that method's type
 * whatever its place) and the answers are put back in order by their ids. A node that answers a
 * batch with something other than an array is asked one request at a time for the next
 * {@value #UNBATCHED_ROUNDS} rounds, then offered a batch again: a provider without batches costs a
 * refused batch now and then, a gateway's passing error no more than those rounds.
 */
final class JsonRpcBatch {

    private static final System.Logger LOG = System.getLogger(JsonRpcBatch.class.getName());
    static final int UNBATCHED_ROUNDS = 20;

    private JsonRpcBatch() {
    }

    /** The answers to {@code requests}, in their order, asked in batches of at most {@code batchSize}. */
    static <T extends Response<?>> List<T> send(NodeEndpoints.Node node, List<Request<?, T>> requests, String method, int batchSize)
            throws IOException {
        List<T> answers = new ArrayList<>(requests.size());
        for (int from = 0; from < requests.size(); from += batchSize) {
            answers.addAll(oneBatch(node, requests.subList(from, Math.min(requests.size(), from + batchSize)), method));
        }
        return answers;
    }

    private static <T extends Response<?>> List<T> oneBatch(NodeEndpoints.Node node, List<Request<?, T>> requests, String method)
            throws IOException {
        if (requests.size() > 1 && node.unbatchedRounds > 0) {
            node.unbatchedRounds--;
        } else if (requests.size() > 1) {
            try {
                List<T> answers = inOrder(node, requests, method);
                if (node.batchesRefused) {
                    node.batchesRefused = false;
                    LOG.log(System.Logger.Level.INFO, node.redacted() + " answers batched requests again");
                }
                return answers;
            } catch (ClassCastException notAnArray) {
                node.unbatchedRounds = UNBATCHED_ROUNDS;
                if (!node.batchesRefused) {
                    node.batchesRefused = true;
                    LOG.log(System.Logger.Level.WARNING, node.redacted() + " does not answer batched requests; asking one at a time");
                }
            }
        }
        List<T> answers = new ArrayList<>(requests.size());
        for (Request<?, T> request : requests) {
            answers.add(request.send());
        }
        return answers;
    }

    private static <T extends Response<?>> List<T> inOrder(NodeEndpoints.Node node, List<Request<?, T>> requests, String method)
            throws IOException {
        BatchRequest batch = node.web3j.newBatch();
        requests.forEach(batch::add);
        List<? extends Response<?>> answers = batch.send().getResponses();
        if (answers.size() != requests.size()) {
            throw new MalformedAnswerException("a batch of " + requests.size() + " " + method + " was answered with " + answers.size()
                    + " answers");
        }
        Map<Long, Response<?>> byId = new HashMap<>();
        answers.forEach(answer -> byId.put(answer.getId(), answer));
        List<T> ordered = new ArrayList<>(requests.size());
        for (Request<?, T> request : requests) {
            Response<?> answer = byId.get(request.getId());
            if (answer == null) {
                throw new MalformedAnswerException("a batch of " + requests.size() + " " + method + " came back without the answer to id "
                        + request.getId());
            }
            ordered.add(request.getResponseType().cast(answer));
        }
        return ordered;
    }
}
