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

        final String txHash;
        final long block;
        final PendingEntry confirmedPending;
        /** The first log seen, or none: most transactions move a tracked token once, and then nothing else is allocated. */
        private long firstLog = NONE;
        /** The other logs, sorted; a transaction rarely has more than a few, so an array beats a set. */
        private long[] moreLogs = NO_LOGS;

        SeenTransaction(String txHash, long block, PendingEntry confirmedPending) {
            this.txHash = txHash;
            this.block = block;
            this.confirmedPending = confirmedPending;
        }

        boolean hasLog(long logIndex) {
            return logIndex == firstLog || (moreLogs.length > 0 && Arrays.binarySearch(moreLogs, logIndex) >= 0);
        }

        void addLog(long logIndex) {
            if (firstLog == NONE) {
                firstLog = logIndex;
            } else if (!hasLog(logIndex)) {
                int insert = -Arrays.binarySearch(moreLogs, logIndex) - 1;
                long[] grown = new long[moreLogs.length + 1];
                System.arraycopy(moreLogs, 0, grown, 0, insert);
                grown[insert] = logIndex;
                System.arraycopy(moreLogs, insert, grown, insert + 1, moreLogs.length - insert);
                moreLogs = grown;
            }
        }

        /** Every log seen, in ascending order. */
        long[] logIndexes() {
            if (firstLog == NONE) {
                return NO_LOGS;
            }
            long[] all = Arrays.copyOf(moreLogs, moreLogs.length + 1);
            all[moreLogs.length] = firstLog;
            Arrays.sort(all);
            return all;
        }
    }

    /** What is remembered of one block: its header, if seen, and the transactions whose transfer logs were applied. */
    static final class KnownBlock {
        BlockObserved header;
        final List<SeenTransaction> transactions = new ArrayList<>();

        private KnownBlock reset() {
            header = null;
            transactions.clear();
            return this;
        }
    }

    final Chain chain;
    /**
     * Headers and remembered transactions by block: retraction and pruning drop whole blocks. Most
     * transactions are in finalized blocks, kept only so that a re-sent log is recognised; those are
     * found through their block.
     */
    private final BlockRing<KnownBlock> known = new BlockRing<>();
    /**
     * The transactions of blocks above the finalized height, by tx hash: the few a transfer or a
     * mempool transfer can still meet. Small, so it stays in cache, unlike an index of everything remembered.
     */
    private final Map<String, SeenTransaction> unfinalizedByTx = new HashMap<>();
    /** Mempool transfers not yet in a block, by tx hash. */
    final Map<String, PendingEntry> pendingByTx = new HashMap<>();
    /** This chain's ledgers by token, then account: every transfer finds its ledgers here without building a key. */
    private final Map<String, Map<String, AccountLedger>> ledgersByToken = new HashMap<>();
    /** The same ledgers in a flat list: every finality step walks them all, and a list walks them faster than the tree of all ledgers. */
    private final List<AccountLedger> ledgerList = new ArrayList<>();
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
        ledgerList.add(ledger);
    }

    void unindexLedger(LedgerKey key) {
        ledgerList.remove(ledgersByToken.get(key.token()).remove(key.account()));
    }

    /** This chain's ledgers in no particular order, for the walks whose result does not depend on it (finality, reorgs). */
    List<AccountLedger> ledgers() {
        return ledgerList;
    }

    private KnownBlock known(long block) {
        return known.at(block, spare -> spare == null ? new KnownBlock() : spare.reset());
    }

    /** The header kept of block {@code number}, or null. */
    BlockObserved header(long number) {
        KnownBlock block = known.get(number);
        return block == null ? null : block.header;
    }

    void putHeader(BlockObserved header) {
        known(header.number()).header = header;
    }

    /** The highest header kept, or null. */
    BlockObserved topHeader() {
        for (int i = known.size() - 1; i >= 0; i--) {
            if (known.value(i).header != null) {
                return known.value(i).header;
            }
        }
        return null;
    }

    /** Headers kept, in block order. */
    List<BlockObserved> headers() {
        List<BlockObserved> headers = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            if (known.value(i).header != null) {
                headers.add(known.value(i).header);
            }
        }
        return headers;
    }

    /**
     * The remembered transaction {@code txHash} of a log in {@code block}, or null: a transaction of an
     * unfinalized block wherever it was seen, one of a finalized block where the log says it is.
     */
    SeenTransaction seenTransaction(String txHash, long block) {
        if (block > finalized) {
            return unfinalizedByTx.get(txHash);
        }
        KnownBlock inBlock = known.get(block);
        if (inBlock != null) {
            for (int i = 0; i < inBlock.transactions.size(); i++) {
                SeenTransaction seen = inBlock.transactions.get(i);
                if (seen.txHash.equals(txHash)) {
                    return seen;
                }
            }
        }
        return null;
    }

    /** Whether a transaction of an unfinalized block is {@code txHash}: then a mempool sighting of it comes late. */
    boolean isMinedUnfinalized(String txHash) {
        return unfinalizedByTx.containsKey(txHash);
    }

    void rememberTransaction(SeenTransaction seen) {
        known(seen.block).transactions.add(seen);
        if (seen.block > finalized) {
            unfinalizedByTx.put(seen.txHash, seen);
        }
    }

    /** Forgets the headers and transactions of block {@code from} and above; returns the transactions in block order. */
    List<SeenTransaction> retractFrom(long from) {
        int first = known.indexAbove(from - 1);
        List<SeenTransaction> forgotten = transactionsFrom(first);
        forgotten.forEach(seen -> unfinalizedByTx.remove(seen.txHash, seen));
        known.truncate(first);
        return forgotten;
    }

    /**
     * The finalized height moved up from {@code oldFinalized}: the newly finalized blocks' transactions
     * leave the unfinalized index, and headers and transactions below {@code forgetBelow} are forgotten.
     */
    void finalizedFrom(long oldFinalized, long forgetBelow) {
        for (int i = known.indexAbove(oldFinalized); i < known.size() && known.block(i) <= finalized; i++) {
            List<SeenTransaction> transactions = known.value(i).transactions;
            for (int t = 0; t < transactions.size(); t++) {
                unfinalizedByTx.remove(transactions.get(t).txHash, transactions.get(t));
            }
        }
        while (!known.isEmpty() && known.block(0) < forgetBelow) {
            known.removeFirst();
        }
    }

    /** Every remembered transaction, in block order. */
    List<SeenTransaction> seenTransactions() {
        return transactionsFrom(0);
    }

    /** The remembered transactions of the {@code first}-th known block and those above it, in block order. */
    private List<SeenTransaction> transactionsFrom(int first) {
        List<SeenTransaction> transactions = new ArrayList<>();
        for (int i = first; i < known.size(); i++) {
            transactions.addAll(known.value(i).transactions);
        }
        return transactions;
    }

    /** Hashes of the headers kept (above the finalized height, and the finalized ones within memory), by number. */
    public NavigableMap<Long, String> knownHashes() {
        TreeMap<Long, String> hashes = new TreeMap<>();
        headers().forEach(block -> hashes.put(block.number(), block.hash()));
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
        BlockObserved block = header(head);
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
