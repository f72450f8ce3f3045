package io.ballast.engine.state;

import static io.ballast.engine.event.Event.NONE;

import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.model.Chain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What Ballast knows of one chain: recent headers (everything above the finalized height, and the
 * finalized ones within the configured memory),
 * head, safe and finalized heights, reorg statistics, and the transfers already counted (so a
 * re-sent log is not counted twice).
 */
public final class ChainState {

    /**
     * A transaction whose transfer logs were applied, which of its logs, and the pending transfer it
     * confirmed (restored if its block is retracted).
     */
    static final class SeenTransaction {
        private static final long[] NO_LOGS = {};

        final long block;
        final PendingEntry confirmedPending;
        /** Sorted; a transaction rarely has more than a few transfer logs, so an array beats a set. */
        long[] logIndexes = NO_LOGS;

        SeenTransaction(long block, PendingEntry confirmedPending) {
            this.block = block;
            this.confirmedPending = confirmedPending;
        }

        boolean hasLog(long logIndex) {
            return Arrays.binarySearch(logIndexes, logIndex) >= 0;
        }

        void addLog(long logIndex) {
            int at = Arrays.binarySearch(logIndexes, logIndex);
            if (at < 0) {
                int insert = -at - 1;
                long[] grown = new long[logIndexes.length + 1];
                System.arraycopy(logIndexes, 0, grown, 0, insert);
                grown[insert] = logIndex;
                System.arraycopy(logIndexes, insert, grown, insert + 1, logIndexes.length - insert);
                logIndexes = grown;
            }
        }
    }

    final Chain chain;
    final TreeMap<Long, BlockObserved> blocks = new TreeMap<>();
    /** By tx hash. */
    final Map<String, SeenTransaction> seenTransactions = new HashMap<>();
    /** The same transactions by block, so retraction and pruning touch only what they remove. */
    final TreeMap<Long, List<String>> seenTransactionsByBlock = new TreeMap<>();
    /** Mempool transfers not yet in a block, by tx hash. */
    final Map<String, PendingEntry> pendingByTx = new HashMap<>();
    /** This chain's ledgers by token, then account: every transfer finds its ledgers here without building a key. */
    private final Map<String, Map<String, AccountLedger>> ledgersByToken = new HashMap<>();
    long head = NONE;
    long headTimestamp = NONE;
    long safe = NONE;
    long finalized = NONE;
    long reorgCount;
    long lastReorgDepth;
    /** When a stall was observed (unix seconds), or -1 while blocks come; cleared by the next block. */
    long stalledSince = NONE;
    long refusedReorgs;

    ChainState(Chain chain) {
        this.chain = chain;
    }

    public Chain chain() {
        return chain;
    }

    public String name() {
        return chain.name();
    }

    AccountLedger ledger(String token, String account) {
        Map<String, AccountLedger> byAccount = ledgersByToken.get(token);
        return byAccount == null ? null : byAccount.get(account);
    }

    void indexLedger(AccountLedger ledger) {
        ledgersByToken.computeIfAbsent(ledger.key.token(), token -> new HashMap<>()).put(ledger.key.account(), ledger);
    }

    void unindexLedger(LedgerKey key) {
        ledgersByToken.get(key.token()).remove(key.account());
    }

    /** The by-block list most recently added to: transactions come block by block. */
    private long lastSeenBlock = NONE;
    private List<String> lastSeenList;

    void rememberTransaction(String txHash, SeenTransaction seen) {
        seenTransactions.put(txHash, seen);
        if (seen.block != lastSeenBlock || lastSeenList == null) {
            lastSeenList = seenTransactionsByBlock.computeIfAbsent(seen.block, b -> new ArrayList<>());
            lastSeenBlock = seen.block;
        }
        lastSeenList.add(txHash);
    }

    /** Forgets the transactions of the given blocks; returns them in block order. */
    List<SeenTransaction> forgetTransactions(NavigableMap<Long, List<String>> blocks) {
        lastSeenList = null;
        List<SeenTransaction> forgotten = new ArrayList<>();
        for (List<String> hashes : blocks.values()) {
            for (String txHash : hashes) {
                forgotten.add(seenTransactions.remove(txHash));
            }
        }
        blocks.clear();
        return forgotten;
    }

    /** Hashes of the headers kept (above the finalized height, and the finalized ones within memory), by number. */
    public NavigableMap<Long, String> knownHashes() {
        TreeMap<Long, String> hashes = new TreeMap<>();
        blocks.forEach((number, block) -> hashes.put(number, block.hash()));
        return hashes;
    }

    /** Highest known block number, or -1. */
    public long head() {
        return head;
    }

    /** Timestamp of the head block, or -1. */
    public long headTimestamp() {
        return headTimestamp;
    }

    public String headHash() {
        BlockObserved block = blocks.get(head);
        return block == null ? "" : block.hash();
    }

    /** Safe height (never below the finalized height), or -1. */
    public long safe() {
        return Math.max(safe, finalized);
    }

    public long finalized() {
        return finalized;
    }

    public long reorgCount() {
        return reorgCount;
    }

    /** When the chain was observed stalled, or -1 when it is live. */
    public long stalledSince() {
        return stalledSince;
    }

    public long lastReorgDepth() {
        return lastReorgDepth;
    }


    public long refusedReorgs() {
        return refusedReorgs;
    }

}
