package io.ballast.engine.state;

import io.ballast.engine.event.PendingTransferObserved;

/**
 * A mempool transfer still waiting for a block.
 *
 * @param arrival input sequence at which it was first seen: orders pending transfers by age
 * @param seenAt  engine clock when it was first seen
 */
public record PendingEntry(PendingTransferObserved transfer, long arrival, long seenAt) {
}
