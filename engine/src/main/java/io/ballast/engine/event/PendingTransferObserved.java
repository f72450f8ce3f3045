package io.ballast.engine.event;

import java.math.BigInteger;

/**
 * A transfer seen in the mempool. It is confirmed when a transfer with the same tx hash lands in a
 * block, replaced by another pending transaction from the same sender with the same nonce, or dropped
 * after the pending timeout.
 *
 * @param nonce the sender's nonce, or {@link Event#NONE} when unknown (then it can't be replaced)
 */
public record PendingTransferObserved(String chain, String asset, String token, String from, String to,
                                      BigInteger amount, String txHash, long nonce) implements Event {
}
