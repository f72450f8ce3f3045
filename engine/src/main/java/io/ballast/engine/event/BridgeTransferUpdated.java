package io.ballast.engine.event;

import java.math.BigInteger;

/**
 * A transfer between chains (bridge, intent settlement, repayment) changed status. While initiated it
 * counts toward the destination's virtual balance; the source debit arrives as its own on-chain event.
 * For {@code completed}/{@code failed} only {@code id} and {@code status} matter; the other fields may be empty.
 *
 * @param expectedArrivalSeconds seconds after start by which it should have arrived
 * @param timestamp              when the status changed, or {@link Event#NONE} (then the engine clock is used)
 */
public record BridgeTransferUpdated(String id, String asset, String fromChain, String toChain, BigInteger amount,
                                    BridgeStatus status, long expectedArrivalSeconds, long timestamp) implements Event {

    @Override
    public long eventTime() {
        return timestamp;
    }
}
