package io.ballast.connectors.chain;

import static io.ballast.engine.event.Event.NONE;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.FinalityAdvanced;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Finality;
import io.ballast.engine.model.Tier;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthFilter;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Follows one chain through a node's HTTP JSON-RPC and hands the engine its events, block by block,
 * in order: the block header, then the ERC-20 {@code Transfer} logs of the catalogue's tokens on this
 * chain that touch a tracked account (by block hash, or by range checked against the hashes, so a reorg
 * cannot mix blocks up), then the native-coin transfers of those accounts (value, and the fee a tracked sender paid), then the
 * {@code safe} / {@code finalized} tags on chains that have them (depth-finality chains get theirs from
 * the engine, which counts confirmations itself). At the configured interval it reconciles: the node's
 * {@code balanceOf} / {@code eth_getBalance} of every tracked account at the last block handed over go
 * to the engine as absolute observations, which raise a drift alert where the engine's count differs.
 * A catalogue token the node cannot answer {@code balanceOf} for (no contract at the address, or one
 * that reverts) is left out and listed in the stats, so one wrong address does not stop the chain; the
 * rebalancer sees that asset's picture on the chain as incomplete and orders nothing there.
 *
 * <p>On a fresh start it opens at the node's head with an absolute balance of every tracked account
 * and token; resumed with the hashes already journalled, it first checks the newest of them against
 * the node, so a reorg that happened while Ballast was down is still seen. A block whose parent is not
 * the block handed over at that height, or a head below the last block handed over, is checked by
 * comparing hashes at the same height: equal hashes mean a lagging node (wait), different ones a
 * reorg, and the blocks from the fork point are handed over again (the engine retracts the old ones).
 *
 * <p>Catching up (after a restart, a dropped socket, a slow poll) reads blocks by number in JSON-RPC
 * batches, answers put back in order by id ({@link JsonRpcBatch}), and their logs in one range query
 * checked against the blocks' hashes.
 *
 * <p>Mempool transactions that would move a tracked account's tokens or coin are handed over as pending
 * transfers; the engine confirms them when their hash shows up in a block, or drops them after its
 * timeout. Their hashes come from the socket's {@code newPendingTransactions} subscription where the
 * node offers it, from a pending-transaction filter otherwise.
 *
 * <p>With a WebSocket endpoint it also subscribes to {@code newHeads} and polls as soon as a head
 * arrives ({@link NodeSocket}, which reconnects, and reopens a socket that went silent while polling
 * saw the chain move); interval polling goes on regardless, so a socket that drops or stalls costs
 * latency, never blocks.
 *
 * <p>With several endpoints ({@link NodeEndpoints}) it moves to the next after failed polls in a row,
 * and a health check leaves a node that lags behind another; every node must first prove it serves the
 * chain's id. Blocks go on from the last one handed over, so a node behind it is waited for.
 *
 * <p>A poll that fails (transport error, error answer, malformed answer, a sink that does not accept
 * in time) leaves nothing half-done: a block counts as handed over only once the sink accepted it,
 * and the next poll starts from there. One thread per source; nothing spins.
 */
public final class EvmChainSource implements AutoCloseable {

    /**
     * Log indexes for the transfers a transaction makes outside its logs (native value, and the fee),
     * far above any real log index, so the engine's (tx hash, log index) de-duplication holds for them too.
     */
    public static final long NATIVE_VALUE_LOG_INDEX = 1L << 40;
    public static final long NATIVE_FEE_LOG_INDEX = NATIVE_VALUE_LOG_INDEX + 1;
    /** Where fees go, as far as the desk's books are concerned. */
    public static final String FEE_ACCOUNT = "0x0000000000000000000000000000000000000000";

    private static final System.Logger LOG = System.getLogger(EvmChainSource.class.getName());
    private static final String BALANCE_OF = "0x70a08231";
    private static final int REMEMBERED_HASHES = 1_024;

    /** What the source has done so far. */
    public record Stats(String chain, String endpoint, long failovers, long nodeHead, long handedOver, long polls, long failedPolls,
                        long failedInARow, long reorgs, long transfers, long pendingTransfers, long reconciliations, long socketHeads,
                        long socketConnects, long socketStalls, long pendingHashesDropped, SortedMap<String, String> unusableTokens,
                        String lastError) {

        /** The last poll failed (the node unreachable, answering wrong, or serving another chain). */
        public boolean failing() {
            return failedInARow > 0;
        }

        /** These figures with the socket's counters as the socket has them now. */
        private Stats withSocket(NodeSocket socket) {
            return new Stats(chain, endpoint, failovers, nodeHead, handedOver, polls, failedPolls, failedInARow, reorgs, transfers,
                    pendingTransfers, reconciliations, socket.heads(), socket.connects(), socket.stalls(), socket.pendingDropped(),
                    unusableTokens, lastError);
        }
    }

    private final EvmSourceSettings settings;
    private final String chain;
    private final ChainSink sink;
    private final NodeEndpoints nodes;
    /** Token contract (lower case) to asset, without the native coin. */
    private final SortedMap<String, String> tokens = new TreeMap<>();
    private final String nativeAsset;
    /**
     * Catalogue tokens whose {@code balanceOf} the node cannot answer (no contract at the address on
     * this chain, or one that reverts), with why: their balances are left out so every other asset
     * stays live, and they are asked again at each reconciliation.
     */
    private final SortedMap<String, String> unusableTokens = new TreeMap<>();
    /** Hashes of the blocks handed over, newest {@value #REMEMBERED_HASHES}. */
    private final TreeMap<Long, String> handedOver = new TreeMap<>();
    private boolean tipVerified;
    private long safeHandedOver = NONE;
    private long finalizedHandedOver = NONE;
    private ScheduledExecutorService executor;
    private volatile NodeSocket socket;
    private BigInteger pendingFilter;
    private boolean mempoolSupported = true;

    private long nodeHead = NONE;
    private long polls;
    private long failedPolls;
    private long failedInARow;
    private long reorgs;
    private long transfers;
    private long pendingTransfers;
    private long reconciliations;
    private long lastReconciledNanos = System.nanoTime();
    private long lastHealthCheckNanos = System.nanoTime();
    private String lastError = "";
    private volatile Stats published;

    /**
     * @param journalledHashes hashes of this chain's blocks already journalled (empty on a fresh start)
     */
    public EvmChainSource(EvmSourceSettings settings, Catalogue catalogue, ChainSink sink, SortedMap<Long, String> journalledHashes) {
        this.settings = settings;
        this.chain = settings.chain().name();
        this.sink = sink;
        this.nodes = new NodeEndpoints(settings.endpoints(), settings.requestTimeout());
        SortedMap<String, String> onChain = catalogue.tokensOn(chain);
        tokens.putAll(onChain);
        this.nativeAsset = tokens.remove(Catalogue.NATIVE);
        handedOver.putAll(journalledHashes);
        trimHashes();
        publishStats();
    }

    /** Polls at the configured interval on a thread of its own until closed. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ballast-chain-" + chain);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (settings.socketEndpoint() != null) {
            socket = new NodeSocket(chain, settings.socketEndpoint(), executor, this::poll, settings.socketStallAfter());
            executor.execute(socket::connect);
        }
        LOG.log(System.Logger.Level.INFO, "following " + chain + " at " + nodes.current().redacted()
                + (nodes.size() > 1 ? " (" + (nodes.size() - 1) + " more endpoints to fail over to)" : ""));
    }

    /**
     * One round: read the head, hand over the blocks up to it (at most {@code maxBlocksPerPoll}), then
     * the finality tags. Returns whether the round completed; a failed one is logged and counted.
     */
    public synchronized boolean poll() {
        polls++;
        try {
            return pollRound();
        } finally {
            publishStats();
        }
    }

    private boolean pollRound() {
        try {
            pollOnce();
            failedInARow = 0;
            return true;
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            failedPolls++;
            failedInARow++;
            lastError = e.getClass().getSimpleName() + ": " + Redaction.text(e.getMessage());
            LOG.log(System.Logger.Level.WARNING, chain + ": poll failed, retrying from block " + (lastHandedOver() + 1)
                    + " at " + nodes.current().redacted() + ": " + lastError);
            if (nodes.size() > 1 && failedInARow % settings.failoverAfter() == 0) {
                nodes.moveOn();
                nodeChanged("after " + failedInARow + " failed polls in a row");
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The poll's figures as of the end of the last poll (or the start) and the socket's as they are.
     * Never waits on a poll: metrics and health ask this while a poll may be stuck on a slow node for
     * as long as its request timeout allows.
     */
    public Stats stats() {
        NodeSocket live = socket;
        return live == null ? published : published.withSocket(live);
    }

    /** Publishes the poll's figures as they are now (the socket's are read live); called under the lock. */
    private void publishStats() {
        published = new Stats(chain, nodes.current().redacted(), nodes.switches(), nodeHead, lastHandedOver(), polls, failedPolls, failedInARow,
                reorgs, transfers, pendingTransfers, reconciliations, 0, 0, 0, 0, Collections.unmodifiableSortedMap(new TreeMap<>(unusableTokens)),
                lastError);
    }

    /**
     * A consumer downstream lost blocks {@code fromBlock}..{@code toBlock} (a chain actor saw a gap): they are
     * handed over again, with everything after them, on a poll right away. The engine takes a block it already
     * has, and a transfer it already counted, as nothing new.
     */
    public synchronized void backfill(long fromBlock, long toBlock) {
        if (handedOver.isEmpty() || fromBlock > lastHandedOver() || fromBlock <= handedOver.firstKey()) {
            return; // nothing handed over there, or older than the hashes kept: the blocks around it could not be checked
        }
        LOG.log(System.Logger.Level.INFO, chain + ": handing blocks " + fromBlock + ".." + toBlock + " over again, as asked");
        handedOver.tailMap(fromBlock, true).clear();
        if (executor != null) {
            executor.execute(this::poll);
        }
    }

    private long lastHandedOver() {
        return handedOver.isEmpty() ? NONE : handedOver.lastKey();
    }

    private void pollOnce() throws IOException, ExecutionException, TimeoutException, InterruptedException {
        if (nodes.size() > 1 && System.nanoTime() - lastHealthCheckNanos >= settings.healthCheckEvery().toNanos()) {
            lastHealthCheckNanos = System.nanoTime();
            if (nodes.moveIfLagging(settings.maxLagBlocks())) {
                nodeChanged("the one in use lagged more than " + settings.maxLagBlocks() + " blocks behind it");
            }
        }
        if (!nodes.current().chainIdVerified) {
            verifyChainId();
        }
        nodeHead = answer(web3j().ethBlockNumber().send(), "eth_blockNumber").getBlockNumber().longValueExact();
        if (socket != null) {
            socket.checkAlive(nodeHead);
        }
        if (handedOver.isEmpty()) {
            open(nodeHead);
            return;
        }
        if (!tipVerified) {
            verifyTip();
        }
        if (nodeHead < lastHandedOver()) {
            // Behind what was handed over: a lagging node, or a reorg to a shorter chain. Only hashes tell.
            String ours = handedOver.get(nodeHead);
            if (ours == null || ours.equals(block(nodeHead, false).getHash())) {
                return;
            }
            rewindToFork(nodeHead);
        }
        long to = Math.min(nodeHead, lastHandedOver() + settings.maxBlocksPerPoll());
        while (lastHandedOver() < to) {
            handOverBatch(lastHandedOver() + 1, Math.min(to, lastHandedOver() + settings.batchSize()));
        }
        finality();
        mempool();
        if (System.nanoTime() - lastReconciledNanos >= settings.reconcileEvery().toNanos()) {
            reconcile();
        }
    }

    /** A node of another chain (a mistyped URL) must never feed this chain's books: nothing is read from it until it matches. */
    private void verifyChainId() throws IOException {
        long served = answer(web3j().ethChainId().send(), "eth_chainId").getChainId().longValueExact();
        if (served != settings.chain().chainId()) {
            throw new IllegalStateException("the node serves chain id " + served + ", not " + settings.chain().chainId() + " (" + chain
                    + "); nothing is read from it");
        }
        nodes.current().chainIdVerified = true;
    }

    /**
     * Another node is read from now: its mempool filter is its own. Blocks go on from the last one handed over,
     * and a node behind it is waited for (hashes compared at the same height), never taken for a reorg.
     */
    private void nodeChanged(String why) {
        pendingFilter = null;
        mempoolSupported = true;
        LOG.log(System.Logger.Level.WARNING, chain + ": now reading " + nodes.current().redacted() + ", " + why);
    }

    private Web3j web3j() {
        return nodes.current().web3j;
    }

    /** A fresh start: the head block and every tracked account's balance of every token there. */
    private void open(long head) throws IOException, ExecutionException, TimeoutException, InterruptedException {
        EthBlock.Block block = block(head, false);
        List<Event> events = new ArrayList<>();
        events.add(blockObserved(block));
        events.addAll(balances(head));
        handOver(events, block);
        tipVerified = true;
        lastReconciledNanos = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, chain + ": opened at block " + head + " with " + (events.size() - 1) + " balances");
    }

    /** Every tracked account's balance of every token (and the native coin) at the end of {@code number}, as the node has it. */
    private List<Event> balances(long number) throws IOException {
        List<Event> balances = new ArrayList<>();
        DefaultBlockParameter at = DefaultBlockParameter.valueOf(BigInteger.valueOf(number));
        for (String account : settings.trackedAccounts()) {
            if (nativeAsset != null) {
                BigInteger balance = answer(web3j().ethGetBalance(account, at).send(), "eth_getBalance").getBalance();
                balances.add(new BalanceObserved(chain, nativeAsset, Catalogue.NATIVE, account, balance, number));
            }
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                BigInteger balance = balanceOf(token.getKey(), account, at);
                if (balance != null) {
                    balances.add(new BalanceObserved(chain, token.getValue(), token.getKey(), account, balance, number));
                }
            }
        }
        return balances;
    }

    /**
     * Hands the node's balances at the last block handed over to the engine, which compares them with
     * its own count at that block (a difference of one base unit is a drift alert) and takes them.
     */
    private void reconcile() throws IOException, ExecutionException, TimeoutException, InterruptedException {
        long number = lastHandedOver();
        deliver(balances(number));
        reconciliations++;
        lastReconciledNanos = System.nanoTime();
    }

    /** After a restart: is the newest journalled block still on the node's chain? */
    private void verifyTip() throws IOException {
        long tip = lastHandedOver();
        if (tip <= nodeHead) {
            EthBlock.Block block = block(tip, false);
            if (!block.getHash().equals(handedOver.get(tip))) {
                rewindToFork(tip);
            }
        }
        tipVerified = true;
    }

    /**
     * The node's chain differs from the handed-over one at {@code mismatch}: walk down comparing hashes
     * at the same height until they agree, and forget the handed-over blocks above; the next blocks
     * handed over replace them (the engine retracts what they carried).
     */
    private void rewindToFork(long mismatch) throws IOException {
        long lowest = Math.max(handedOver.firstKey(), mismatch - settings.reorgSearchDepth());
        long fork = lowest;
        for (long number = Math.min(mismatch, lastHandedOver()); number >= lowest; number--) {
            String ours = handedOver.get(number);
            if (ours != null && number <= nodeHead && ours.equals(block(number, false).getHash())) {
                fork = number + 1;
                break;
            }
        }
        long depth = lastHandedOver() - fork + 1;
        reorgs++;
        LOG.log(System.Logger.Level.WARNING, chain + ": reorg from block " + fork + " (" + depth + " blocks handed over are replaced)");
        handedOver.tailMap(fork, true).clear();
        if (handedOver.isEmpty()) {
            handedOver.put(fork - 1, ""); // below the window searched: the replacement starts there regardless
        }
    }

    /**
     * Blocks {@code from}..{@code to} and their logs, read in batches, handed over in order; at a block whose
     * parent is not the one handed over below it, the fork point is found and the rest left to the next batch.
     */
    private void handOverBatch(long from, long to) throws IOException, ExecutionException, TimeoutException, InterruptedException {
        List<Request<?, EthBlock>> requests = new ArrayList<>();
        for (long number = from; number <= to; number++) {
            requests.add(blockRequest(number, true));
        }
        List<EthBlock> answers = JsonRpcBatch.send(nodes.current(), requests, "eth_getBlockByNumber", settings.batchSize());
        List<EthBlock.Block> blocks = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            blocks.add(checked(answers.get(i), from + i));
        }
        List<List<TransferLogs.Decoded>> logs = transferLogs(blocks);
        for (int i = 0; i < blocks.size(); i++) {
            EthBlock.Block block = blocks.get(i);
            String parent = handedOver.get(from + i - 1);
            if (parent != null && !parent.isEmpty() && !parent.equals(block.getParentHash())) {
                rewindToFork(from + i - 1);
                return;
            }
            handOver(blockEvents(block, logs.get(i)), block);
        }
    }

    private List<Event> blockEvents(EthBlock.Block block, List<TransferLogs.Decoded> logs) throws IOException {
        List<Event> events = new ArrayList<>();
        long number = block.getNumber().longValueExact();
        events.add(blockObserved(block));
        for (TransferLogs.Decoded log : logs) {
            if (log.value().signum() > 0 && (tracked(log.from()) || tracked(log.to()))) {
                events.add(new TransferObserved(chain, tokens.get(log.token()), log.token(), log.from(), log.to(), log.value(),
                        log.txHash(), log.logIndex(), number));
            }
        }
        if (nativeAsset != null) {
            nativeTransfers(block, number, events);
        }
        return events;
    }

    /**
     * The catalogue tokens' {@code Transfer} logs of each block, in log order. The block that follows the head
     * is asked by its hash; a run of blocks being caught up on, in one range query (one request instead of one a
     * block). A reorg cannot mix the run up either: every log must name the hash of the block read at its height,
     * and the last block is read again after the query (its hash commits to every block below it); else the poll
     * fails and the run is read again.
     */
    private List<List<TransferLogs.Decoded>> transferLogs(List<EthBlock.Block> blocks) throws IOException {
        List<List<TransferLogs.Decoded>> logs = new ArrayList<>(blocks.size());
        Map<String, Integer> heights = new HashMap<>();
        for (EthBlock.Block block : blocks) {
            heights.put(block.getHash(), logs.size());
            logs.add(new ArrayList<>());
        }
        if (tokens.isEmpty()) {
            return logs;
        }
        EthBlock.Block first = blocks.get(0);
        EthBlock.Block last = blocks.get(blocks.size() - 1);
        Map<String, Object> filter = blocks.size() == 1
                ? Map.of("blockHash", first.getHash(), "address", List.copyOf(tokens.keySet()), "topics", List.of(TransferLogs.TOPIC))
                : Map.of("fromBlock", first.getNumberRaw(), "toBlock", last.getNumberRaw(), "address", List.copyOf(tokens.keySet()),
                        "topics", List.of(TransferLogs.TOPIC));
        EthLog answer = answer(new Request<>("eth_getLogs", List.of(filter), nodes.current().service, EthLog.class).send(), "eth_getLogs");
        for (EthLog.LogResult<?> result : answer.getLogs()) {
            if (!(result.get() instanceof Log log)) {
                throw new MalformedAnswerException("eth_getLogs answered a filter id where logs were asked for");
            }
            Integer height = heights.get(log.getBlockHash());
            if (height == null) {
                throw new MalformedAnswerException("eth_getLogs for blocks " + first.getNumber() + ".." + last.getNumber() + " answered a log of block "
                        + log.getBlockHash() + ", not one of those read (the chain moved under the read)");
            }
            if (!log.isRemoved() && tokens.containsKey(TransferLogs.lower(log.getAddress()))) {
                logs.get(height).add(TransferLogs.decode(log));
            }
        }
        if (blocks.size() > 1 && !last.getHash().equals(block(last.getNumber().longValueExact(), false).getHash())) {
            throw new MalformedAnswerException("block " + last.getNumber() + " changed while the logs of blocks " + first.getNumber() + ".."
                    + last.getNumber() + " were read (a reorg under the read)");
        }
        logs.forEach(inBlock -> inBlock.sort(Comparator.comparingLong(TransferLogs.Decoded::logIndex)));
        return logs;
    }

    /**
     * Value moved by the block's transactions from or to a tracked account, and the fees tracked senders
     * paid; the receipts of those transactions asked in batches, not one request each.
     */
    private void nativeTransfers(EthBlock.Block block, long number, List<Event> events) throws IOException {
        List<org.web3j.protocol.core.methods.response.Transaction> touching = new ArrayList<>();
        List<Request<?, EthGetTransactionReceipt>> requests = new ArrayList<>();
        for (EthBlock.TransactionResult<?> result : block.getTransactions()) {
            if (!(result.get() instanceof org.web3j.protocol.core.methods.response.Transaction tx)) {
                throw new MalformedAnswerException("block " + number + " came without its transaction objects");
            }
            if (tracked(TransferLogs.lower(tx.getFrom())) || tracked(TransferLogs.lower(tx.getTo()))) {
                touching.add(tx);
                requests.add(web3j().ethGetTransactionReceipt(tx.getHash()));
            }
        }
        List<EthGetTransactionReceipt> receipts = JsonRpcBatch.send(nodes.current(), requests, "eth_getTransactionReceipt", settings.batchSize());
        for (int i = 0; i < touching.size(); i++) {
            org.web3j.protocol.core.methods.response.Transaction tx = touching.get(i);
            TransactionReceipt receipt = answer(receipts.get(i), "eth_getTransactionReceipt").getTransactionReceipt()
                    .orElseThrow(() -> new MalformedAnswerException("no receipt for transaction " + tx.getHash() + " of block " + number));
            if (!tx.getHash().equals(receipt.getTransactionHash())) {
                throw new MalformedAnswerException("eth_getTransactionReceipt for " + tx.getHash() + " answered the receipt of "
                        + receipt.getTransactionHash());
            }
            String from = TransferLogs.lower(tx.getFrom());
            String to = tx.getTo() != null ? TransferLogs.lower(tx.getTo()) : TransferLogs.lower(receipt.getContractAddress());
            if (receipt.isStatusOK() && tx.getValue().signum() > 0) {
                events.add(new TransferObserved(chain, nativeAsset, Catalogue.NATIVE, from, to, tx.getValue(), tx.getHash(),
                        NATIVE_VALUE_LOG_INDEX, number));
            }
            BigInteger fee = fee(tx, receipt);
            if (tracked(from) && fee.signum() > 0) {
                events.add(new TransferObserved(chain, nativeAsset, Catalogue.NATIVE, from, FEE_ACCOUNT, fee, tx.getHash(),
                        NATIVE_FEE_LOG_INDEX, number));
            }
        }
    }

    /** Gas used at the effective price, plus blob gas where the transaction carried blobs. */
    private static BigInteger fee(org.web3j.protocol.core.methods.response.Transaction tx, TransactionReceipt receipt) {
        BigInteger price = receipt.getEffectiveGasPrice() != null ? quantity(receipt.getEffectiveGasPrice()) : tx.getGasPrice();
        BigInteger fee = receipt.getGasUsed().multiply(price);
        if (receipt.getBlobGasUsed() != null && receipt.getBlobGasPrice() != null) {
            fee = fee.add(quantity(receipt.getBlobGasUsed()).multiply(quantity(receipt.getBlobGasPrice())));
        }
        return fee;
    }

    private static BigInteger quantity(String hex) {
        if (!hex.startsWith("0x") || hex.length() < 3) {
            throw new MalformedAnswerException("'" + hex + "' is not a hex quantity");
        }
        return new BigInteger(hex.substring(2), 16);
    }

    /**
     * New mempool transactions, handed over as pending transfers when they touch a tracked account: their
     * hashes from the socket's subscription while it is up, else through a pending-transaction filter.
     */
    private void mempool() throws IOException, ExecutionException, TimeoutException, InterruptedException {
        List<String> hashes = socket != null && socket.pendingSubscribed() ? socket.takePending() : filteredPendingHashes();
        List<Request<?, EthTransaction>> requests = new ArrayList<>();
        for (String txHash : hashes) {
            requests.add(web3j().ethGetTransactionByHash(txHash));
        }
        List<Event> pending = new ArrayList<>();
        for (EthTransaction answer : JsonRpcBatch.send(nodes.current(), requests, "eth_getTransactionByHash", settings.batchSize())) {
            answer(answer, "eth_getTransactionByHash").getTransaction()
                    .flatMap(tx -> PendingTransactions.decode(chain, tx, tokens, nativeAsset, settings.trackedAccounts()))
                    .ifPresent(pending::add);
        }
        if (!pending.isEmpty()) {
            deliver(pending);
            pendingTransfers += pending.size();
        }
    }

    /**
     * New pending transaction hashes through a filter. A node without the filter is polled for blocks only
     * (said once); a filter the node forgot ({@code filter not found}) is made again on the next poll.
     */
    private List<String> filteredPendingHashes() throws IOException {
        if (!mempoolSupported) {
            return List.of();
        }
        if (pendingFilter == null) {
            EthFilter created = web3j().ethNewPendingTransactionFilter().send();
            if (created.hasError()) {
                mempoolSupported = false;
                LOG.log(System.Logger.Level.INFO, chain + ": no pending-transaction filter at " + nodes.current().redacted()
                        + " (" + Redaction.text(created.getError().getMessage()) + "); following blocks only");
                return List.of();
            }
            pendingFilter = created.getFilterId();
        }
        EthLog changes = web3j().ethGetFilterChanges(pendingFilter).send();
        if (changes.hasError()) {
            pendingFilter = null;
            throw new MalformedAnswerException("eth_getFilterChanges failed: " + Redaction.text(changes.getError().getMessage())
                    + "; the filter is made again");
        }
        List<String> hashes = new ArrayList<>();
        for (EthLog.LogResult<?> result : changes.getLogs()) {
            if (!(result.get() instanceof String txHash)) {
                throw new MalformedAnswerException("a pending-transaction filter answered something other than hashes");
            }
            hashes.add(txHash);
        }
        return hashes;
    }

    /** The {@code safe} and {@code finalized} tags, on chains that learn finality from them, up to what was handed over. */
    private void finality() throws IOException, ExecutionException, TimeoutException, InterruptedException {
        if (settings.chain().finality().mode() != Finality.Mode.TAGS || handedOver.isEmpty()) {
            return;
        }
        List<Event> events = new ArrayList<>();
        long safe = Math.min(tag(DefaultBlockParameterName.SAFE), lastHandedOver());
        if (safe > safeHandedOver) {
            events.add(new FinalityAdvanced(chain, Tier.SAFE, safe));
        }
        long finalized = Math.min(tag(DefaultBlockParameterName.FINALIZED), lastHandedOver());
        if (finalized > finalizedHandedOver) {
            events.add(new FinalityAdvanced(chain, Tier.FINALIZED, finalized));
        }
        if (!events.isEmpty()) {
            deliver(events);
            safeHandedOver = Math.max(safeHandedOver, safe);
            finalizedHandedOver = Math.max(finalizedHandedOver, finalized);
        }
    }

    private long tag(DefaultBlockParameterName tag) throws IOException {
        EthBlock answer = web3j().ethGetBlockByNumber(tag, false).send();
        if (answer.hasError() || answer.getBlock() == null) {
            return NONE; // a node without the tag: nothing learned this round
        }
        return answer.getBlock().getNumber().longValueExact();
    }

    private void handOver(List<Event> events, EthBlock.Block block)
            throws ExecutionException, TimeoutException, InterruptedException {
        deliver(events);
        handedOver.put(block.getNumber().longValueExact(), block.getHash());
        transfers += events.stream().filter(TransferObserved.class::isInstance).count();
        trimHashes();
    }

    private void deliver(List<Event> events) throws ExecutionException, TimeoutException, InterruptedException {
        sink.accept(events).toCompletableFuture().get(settings.sinkTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void trimHashes() {
        while (handedOver.size() > REMEMBERED_HASHES) {
            handedOver.pollFirstEntry();
        }
    }

    private EthBlock.Block block(long number, boolean withTransactions) throws IOException {
        return checked(blockRequest(number, withTransactions).send(), number);
    }

    private Request<?, EthBlock> blockRequest(long number, boolean withTransactions) {
        return web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), withTransactions);
    }

    /** The block of the answer to {@code eth_getBlockByNumber(number)}, or why it is not one. */
    private EthBlock.Block checked(EthBlock answer, long number) {
        EthBlock.Block block = answer(answer, "eth_getBlockByNumber").getBlock();
        if (block == null) {
            throw new MalformedAnswerException("the node has no block " + number + " though its head is " + nodeHead);
        }
        if (block.getNumber() == null || block.getNumber().longValueExact() != number || block.getHash() == null
                || block.getParentHash() == null || block.getTimestamp() == null) {
            throw new MalformedAnswerException("eth_getBlockByNumber(" + number + ") answered block " + block.getNumberRaw()
                    + " with hash " + block.getHash());
        }
        return block;
    }

    private BlockObserved blockObserved(EthBlock.Block block) {
        return new BlockObserved(chain, block.getNumber().longValueExact(), block.getHash(), block.getParentHash(),
                block.getTimestamp().longValueExact());
    }

    /**
     * The account's balance of the token, or null when the token is unusable here: no contract at its
     * address (the call answers no data) or one that reverts. A token that answers again is usable again.
     */
    private BigInteger balanceOf(String token, String account, DefaultBlockParameter at) throws IOException {
        String data = BALANCE_OF + "0".repeat(24) + account.substring(2);
        EthCall call = web3j().ethCall(Transaction.createEthCallTransaction(null, token, data), at).send();
        String unusable = whyUnusable(call);
        if (unusable != null) {
            if (unusableTokens.put(token, unusable) == null) {
                LOG.log(System.Logger.Level.WARNING, chain + ": token " + token + " (" + tokens.get(token) + ") left out: " + unusable);
            }
            return null;
        }
        String value = answer(call, "eth_call").getValue();
        if (value == null || !value.startsWith("0x") || value.length() != 66) {
            throw new MalformedAnswerException("balanceOf(" + account + ") on token " + token + " answered '" + value + "'");
        }
        if (unusableTokens.remove(token) != null) {
            LOG.log(System.Logger.Level.INFO, chain + ": token " + token + " (" + tokens.get(token) + ") answers again");
        }
        return new BigInteger(value.substring(2), 16);
    }

    /** Why a {@code balanceOf} answer means the token cannot be read here, or null when it is an answer (or a node fault). */
    private String whyUnusable(EthCall call) {
        if (!call.hasError()) {
            return "0x".equals(call.getValue()) ? "no contract at this address on " + chain + " (balanceOf answered no data)" : null;
        }
        String message = call.getError().getMessage();
        return message != null && message.contains("revert") ? "balanceOf reverts: " + Redaction.text(message) : null;
    }

    private boolean tracked(String account) {
        return account != null && settings.trackedAccounts().contains(account);
    }

    /** The answer, or the node's error as an exception that names the method. */
    private static <T extends Response<?>> T answer(T response, String method) {
        if (response.hasError()) {
            throw new MalformedAnswerException(method + " failed: " + response.getError().getCode() + " " + Redaction.text(response.getError().getMessage()));
        }
        return response;
    }

    /** Stops polling and releases the node connection; a poll under way finishes first. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
            if (socket != null) {
                socket.close();
            }
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(settings.sinkTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        nodes.close();
    }
}
