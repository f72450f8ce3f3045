package io.ballast.loadtests;

import static io.ballast.loadtests.BenchmarkArgs.arg;
import static io.ballast.loadtests.BenchmarkArgs.rate;

import io.ballast.connectors.chain.EvmChainSource;
import io.ballast.connectors.chain.EvmSourceSettings;
import io.ballast.connectors.chain.EvmNode;
import io.ballast.engine.Ballast;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Finality;
import io.ballast.engine.state.StateSettings;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.http.HttpService;

/**
 * A chain source catching up on a local ganache node (one JVM, one node process, 2 cores between them):
 * N blocks, one in every 20 holding a transaction that moves the test ERC-20 to two tracked accounts and
 * two others, ingested into an embedded engine with its journal on disk.
 *
 * <ul>
 *   <li>Baselines, in the same run: the node's own rate for {@code eth_getBlockByNumber(n, true)}, one
 *       request after the other, over the same HTTP client library (what a naive follower gets), and in
 *       batches of 50 (the node's best).</li>
 *   <li>The source resuming N blocks behind, in batches of 50 (the default), and in batches of 1.</li>
 * </ul>
 * A first catch-up, untimed, warms the JIT. The final check, each time: every block handed over, the engine's balances equal to the node's
 * {@code balanceOf}, and every tracked transfer counted once.
 *
 * <p>Arguments: {@code --events=N} blocks (default 10,000), {@code --out=DIR}.
 */
public final class BackfillBenchmark {

    private static final BigInteger TOKEN = BigInteger.TEN.pow(6);
    private static final int BLOCKS_PER_TRANSFER = 20;

    private BackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int blocks = Integer.parseInt(arg(args, "--events", "10000"));
        Path out = Path.of(arg(args, "--out", "load-tests/results"));
        Map<String, Object> results = new LinkedHashMap<>();
        try (EvmNode node = EvmNode.ganache(1337)) {
            Devnet devnet = Devnet.make(node, blocks);
            results.put("blocks", blocks);
            results.put("trackedTransfers", devnet.trackedTransfers);

            catchUp(devnet, 50); // warm-up: the JIT sees the whole path once before anything is timed
            long rawNanos = rawBlockReads(node, devnet.start + 1, devnet.end);
            results.put("nodeRawGetBlockPerSecond", rate(blocks, rawNanos));
            results.put("nodeRawBatchPerSecond", rate(blocks, rawBatchedBlockReads(node, devnet.start + 1, devnet.end)));
            for (int batch : List.of(50, 1)) {
                long nanos = catchUp(devnet, batch);
                String name = batch == 1 ? "unbatched" : "batchesOf" + batch;
                results.put(name + "BlocksPerSecond", rate(blocks, nanos));
                results.put(name + "TransfersPerSecond", rate(devnet.trackedTransfers, nanos));
                results.put(name + "VsNodeRaw", Math.round(rawNanos * 1000.0 / nanos) / 1000.0);
            }
        }
        Report.write(out, "backfill-benchmark", results);
    }

    /** The chain to catch up on: the token deployed and funded at {@code start}, then {@code blocks} blocks up to {@code end}. */
    private record Devnet(EvmNode node, Catalogue catalogue, String token, List<String> desks, long start, String startHash,
                          Map<String, BigInteger> openingTokens, long end, long trackedTransfers) {

        static Devnet make(EvmNode node, int blocks) throws Exception {
            String deployer = node.account(0);
            List<String> desks = List.of(node.account(1), node.account(2));
            List<String> others = List.of(node.account(3), node.account(4));
            String token = node.deployToken(deployer, TOKEN.multiply(BigInteger.valueOf(1_000_000_000)));
            node.transferToken(token, deployer, desks.get(0), TOKEN.multiply(BigInteger.valueOf(5_000)));
            long start = node.head();
            Map<String, BigInteger> opening = new TreeMap<>();
            desks.forEach(desk -> opening.put(desk, node.tokenBalance(token, desk)));
            long tracked = 0;
            for (int made = 0; made < blocks; ) {
                if (made % BLOCKS_PER_TRANSFER == 0) {
                    BigInteger amount = TOKEN.add(BigInteger.valueOf(made));
                    node.transferTokenMany(token, deployer, List.of(desks.get(0), others.get(0), desks.get(1), others.get(1)),
                            List.of(amount, amount, amount, amount));
                    tracked += 2;
                    made++;
                } else {
                    int empty = Math.min(BLOCKS_PER_TRANSFER - made % BLOCKS_PER_TRANSFER, blocks - made);
                    node.mine(empty);
                    made += empty;
                }
            }
            long end = node.head();
            if (end - start != blocks) {
                throw new IllegalStateException("made " + (end - start) + " blocks, not " + blocks);
            }
            String startHash = node.call("eth_getBlockByNumber", "0x" + Long.toHexString(start), false).get("hash").asText();
            Catalogue catalogue = EvmNode.devnetCatalogue(1337, token, Finality.depth(2, 8));
            return new Devnet(node, catalogue, token, desks, start, startHash, opening, end, tracked);
        }
    }

    private static long rawBlockReads(EvmNode node, long from, long to) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(node.url()));
        try {
            long began = System.nanoTime();
            long transactions = 0;
            for (long number = from; number <= to; number++) {
                EthBlock.Block block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), true).send().getBlock();
                transactions += block.getTransactions().size();
            }
            long nanos = System.nanoTime() - began;
            if (transactions == 0) {
                throw new IllegalStateException("the raw read saw no transactions");
            }
            return nanos;
        } finally {
            web3j.shutdown();
        }
    }

    /** The same blocks in JSON-RPC batches of 50, the node's best. */
    private static long rawBatchedBlockReads(EvmNode node, long from, long to) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(node.url()));
        try {
            long began = System.nanoTime();
            for (long first = from; first <= to; first += 50) {
                BatchRequest batch = web3j.newBatch();
                for (long number = first; number <= Math.min(to, first + 49); number++) {
                    batch.add(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), true));
                }
                batch.send();
            }
            return System.nanoTime() - began;
        } finally {
            web3j.shutdown();
        }
    }

    /** The source resuming at {@code start} with the engine holding the opening balances there; returns the time to catch up. */
    private static long catchUp(Devnet devnet, int batchSize) throws Exception {
        Path data = Files.createTempDirectory("ballast-backfill");
        StateSettings state = StateSettings.defaults().withTrackedAccounts(new TreeMap<>(Map.of(devnet.desks.get(0), "desk",
                devnet.desks.get(1), "desk")));
        try (Ballast ballast = Ballast.builder().dataDirectory(data).catalogue(devnet.catalogue).settings(state).build()) {
            ballast.submit(new BlockObserved("devnet", devnet.start, devnet.startHash, "0x", 0));
            devnet.openingTokens.forEach((desk, amount) -> ballast.submit(new BalanceObserved("devnet", "TT", devnet.token, desk, amount,
                    devnet.start)));
            EvmSourceSettings settings = EvmSourceSettings.of(devnet.catalogue.chain("devnet").orElseThrow(), devnet.node.url(),
                    Set.copyOf(devnet.desks)).withBackfill(1_000, batchSize);
            long handedOverTransfers;
            long began = System.nanoTime();
            try (EvmChainSource source = new EvmChainSource(settings, devnet.catalogue, events -> {
                events.forEach(ballast::submit);
                return CompletableFuture.completedFuture(null);
            }, new TreeMap<>(Map.of(devnet.start, devnet.startHash)))) {
                while (source.stats().handedOver() < devnet.end) {
                    if (!source.poll()) {
                        throw new IllegalStateException("poll failed: " + source.stats().lastError());
                    }
                }
                handedOverTransfers = source.stats().transfers();
            }
            long nanos = System.nanoTime() - began;
            if (handedOverTransfers != devnet.trackedTransfers) {
                throw new IllegalStateException(handedOverTransfers + " transfers handed over, " + devnet.trackedTransfers + " made");
            }
            for (String desk : devnet.desks) {
                BigInteger engine = ballast.query(s -> s.balance("devnet", "TT", desk).total());
                BigInteger node = devnet.node.tokenBalance(devnet.token, desk);
                if (!engine.equals(node)) {
                    throw new IllegalStateException(desk + ": the engine holds " + engine + ", the node " + node);
                }
            }
            return nanos;
        } finally {
            Scratch.delete(data);
        }
    }
}
