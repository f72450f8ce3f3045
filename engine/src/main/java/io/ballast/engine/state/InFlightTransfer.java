package io.ballast.engine.state;

import java.math.BigInteger;

/** Inventory moving between chains, counted toward the destination until it completes. */
public record InFlightTransfer(String id, String asset, String fromChain, String toChain, BigInteger amount,
                               long startedAt, long expectedArrivalSeconds) {

    public long dueAt() {
        return startedAt + expectedArrivalSeconds;
    }

    public boolean isOverdue(long now) {
        return now > dueAt();
    }
}
