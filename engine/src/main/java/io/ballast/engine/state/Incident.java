package io.ballast.engine.state;

import java.math.BigInteger;

/** Something the state machine noticed while applying an event, for the engine to report. */
public sealed interface Incident {

    /** Blocks from {@code fromBlock} up were retracted. */
    record ReorgApplied(String chain, long fromBlock, long depth) implements Incident {
    }

    /** A block conflicted with a finalized one and was refused; nothing was changed. */
    record ReorgRefused(String chain, long block, String knownHash, String offeredHash, long finalized) implements Incident {
    }

    /** An absolute balance observation older than the folded finalized balance was not taken. */
    record BalanceIgnored(LedgerKey ledger, long block, String reason) implements Incident {
    }

    /**
     * An absolute balance observation (a reconciliation against {@code balanceOf}, typically) differed
     * from the balance the ledger had computed for that block; the observation was taken.
     */
    record BalanceDrift(LedgerKey ledger, long block, BigInteger computed, BigInteger observed) implements Incident {
    }

    /** A bridge transfer reported initiated after it had already finished (inputs out of order): not put in flight again. */
    record BridgeUpdateLate(String id, String reason) implements Incident {
    }

    /** A pending transfer left the mempool without a block: timed out or replaced. */
    record PendingDropped(String chain, String txHash, String reason) implements Incident {
    }
}
