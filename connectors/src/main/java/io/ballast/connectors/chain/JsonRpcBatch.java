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
 * Requests of one method sent as one JSON-RPC batch, their answers handed back in the order asked.
 * A node may answer a batch in any order (JSON-RPC says so), and web3j pairs answers with requests
 * by position; so every batch holds one method only (each answer parses as that method's type
 * whatever its place) and the answers are put back in order by their ids. A node that answers a
 * batch with something other than an array does not take batches: it is asked one request at a
 * time from then on.
 */
final class JsonRpcBatch {

    private static final System.Logger LOG = System.getLogger(JsonRpcBatch.class.getName());

    private JsonRpcBatch() {
    }

    static <T extends Response<?>> List<T> send(NodeEndpoints.Node node, List<Request<?, T>> requests, String method) throws IOException {
        if (requests.size() > 1 && !node.batchesRefused) {
            try {
                return inOrder(node, requests, method);
            } catch (ClassCastException notAnArray) {
                node.batchesRefused = true;
                LOG.log(System.Logger.Level.WARNING, node.redacted() + " does not answer batched requests; asking one at a time");
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
