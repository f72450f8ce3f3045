package io.ballast.connectors.chain;

/** A node answered something that is not what the JSON-RPC contract says; the poll is refused whole and retried. */
public final class MalformedAnswerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedAnswerException(String message) {
        super(message);
    }
}
