package io.ballast.connectors.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.connectors.chain.FaultyNode.Fault;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Finality;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The faults of a node and its connection that a real node will not make on cue, made by a JSON-RPC front
 * ({@link FaultyNode}) or a TCP proxy ({@link DroppingProxy}) before a real one. Each: no transfer lost or
 * doubled, no false reorg, and the failure said plainly.
 */
class NodeFaultsTest extends OnDevnet {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, names = {"GARBAGE", "TRUNCATED", "HANG"})
    void aBrokenAnswerFailsThePollAndLosesOrDoublesNothing(Fault fault) throws Exception {
        startNode(Finality.depth(2, 8));
        try (FaultyNode faulty = new FaultyNode(node.url());
             EvmChainSource source = new EvmChainSource(settings().withEndpoints(List.of(faulty.url()))
                     .withRequestTimeout(Duration.ofMillis(300)), catalogue, this::submit, new TreeMap<>())) {
            catchUp(source, node);
            long transfers = source.stats().transfers();

            faulty.fault(fault);
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(7)));
            node.transferToken(token, desk1, desk2, TOKEN.multiply(BigInteger.valueOf(3)));
            assertFalse(source.poll());
            assertFalse(source.poll());
            assertEquals(2, source.stats().failedInARow());
            String error = source.stats().lastError();
            assertTrue(error.contains(expectedError(fault)), error);

            faulty.fault(Fault.NONE);
            catchUp(source, node);
            assertFalse(source.stats().failing());
            assertBalancesMatchTheNode();
            // deployer -> desk1, desk1 -> desk2, and the fee desk1 paid for it: each once
            assertEquals(transfers + 3, source.stats().transfers());
            assertEquals(0, source.stats().reorgs());
        }
    }

    @Test
    void figuresAnswerWhileAPollHangsOnTheNode() throws Exception {
        startNode(Finality.depth(2, 8));
        try (FaultyNode faulty = new FaultyNode(node.url());
             EvmChainSource source = new EvmChainSource(settings().withEndpoints(List.of(faulty.url()))
                     .withRequestTimeout(Duration.ofSeconds(5)), catalogue, this::submit, new TreeMap<>())) {
            catchUp(source, node);
            long polls = source.stats().polls();
            faulty.fault(Fault.HANG);
            int requests = faulty.requests();
            CompletableFuture<Boolean> stuck = CompletableFuture.supplyAsync(source::poll);
            awaitUntil(() -> faulty.requests() > requests, "the poll reaches the node");

            // A metrics scrape or health check must not wait out the node's timeout behind the poll.
            EvmChainSource.Stats during = assertTimeoutPreemptively(Duration.ofSeconds(2), source::stats);
            assertEquals(polls, during.polls(), "the poll under way is not in the figures yet");
            assertFalse(during.failing());

            assertFalse(stuck.get(30, TimeUnit.SECONDS));
            assertEquals(polls + 1, source.stats().polls());
            assertEquals(1, source.stats().failedInARow());
            assertTrue(source.stats().lastError().contains("timeout"), source.stats().lastError());
        }
    }

    @Test
    void theReceiptsOfABlocksNativeTransfersAreAskedInOneBatch() throws Exception {
        startNode(Finality.depth(2, 8));
        try (FaultyNode faulty = new FaultyNode(node.url());
             EvmChainSource source = new EvmChainSource(settings().withEndpoints(List.of(faulty.url())), catalogue, this::submit,
                     new TreeMap<>())) {
            catchUp(source, node);
            node.call("miner_stop");
            node.send(outsider, desk1, ETHER, null);
            node.send(desk1, desk2, ETHER.multiply(BigInteger.TWO), null);
            node.send(desk2, outsider, ETHER, null);
            int asked = faulty.requests("eth_getTransactionReceipt");
            int batched = faulty.batched("eth_getTransactionReceipt");
            node.mine(1);
            catchUp(source, node);

            assertBalancesMatchTheNode();
            assertEquals(3, faulty.requests("eth_getTransactionReceipt") - asked, "one receipt per transaction touching the desk");
            assertEquals(3, faulty.batched("eth_getTransactionReceipt") - batched, "all three in a batch");
        }
    }

    private static String expectedError(Fault fault) {
        switch (fault) {
            case GARBAGE:
                return "Unexpected character ('<'";
            case TRUNCATED:
                return "Unexpected end-of-input";
            default:
                return "timeout";
        }
    }

    @Test
    void aCatchUpReadsBlocksAndLogsInBatchesWhateverOrderTheyAreAnsweredIn() throws Exception {
        startNode(Finality.depth(2, 8));
        try (FaultyNode shuffling = new FaultyNode(node.url());
             EvmChainSource source = new EvmChainSource(settings().withEndpoints(List.of(shuffling.url())).withBackfill(1_000, 8),
                     catalogue, this::submit, new TreeMap<>())) {
            catchUp(source, node);
            shuffling.reverseBatches(true);
            long transfers = source.stats().transfers();
            for (int i = 1; i <= 5; i++) {
                node.transferToken(token, deployer, i % 2 == 0 ? desk1 : desk2, TOKEN.multiply(BigInteger.valueOf(i)));
                node.mine(3);
            }
            node.send(desk1, outsider, ETHER, null);
            long behind = node.head() - source.stats().handedOver();
            assertEquals(21, behind);

            assertTrue(source.poll(), () -> source.stats().lastError());
            assertEquals(node.head(), source.stats().handedOver(), "one poll caught up");
            assertEquals(3, shuffling.batches(), "21 blocks in batches of 8");
            assertBalancesMatchTheNode();
            assertEquals(transfers + 5 + 2, source.stats().transfers(), "five token transfers, and desk1's ether and fee");
            assertEquals(0, source.stats().reorgs(), "blocks answered in reverse are handed over in order");
        }
    }

    @ParameterizedTest(name = "the new branch {0} logs in the run")
    @ValueSource(booleans = {true, false})
    void aReorgWhileARunOfBlocksIsReadFailsThePollInsteadOfMixingTheBranches(boolean newBranchHasLogs) throws Exception {
        startNode(Finality.depth(2, 8));
        try (FaultyNode front = new FaultyNode(node.url());
             EvmChainSource source = new EvmChainSource(settings().withEndpoints(List.of(front.url())), catalogue, this::submit,
                     new TreeMap<>())) {
            catchUp(source, node);
            String fork = node.snapshot();
            for (int i = 1; i <= 3; i++) {
                node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(i)));
            }
            // Between the blocks' read and their logs' read, the node moves to another branch of the same height.
            front.beforeNext("eth_getLogs", () -> {
                node.revert(fork);
                if (newBranchHasLogs) {
                    node.transferToken(token, deployer, desk2, TOKEN.multiply(BigInteger.valueOf(50)));
                    node.mine(2);
                } else {
                    node.mine(3);
                }
            });

            assertFalse(source.poll());
            assertTrue(source.stats().lastError().contains(newBranchHasLogs ? "the chain moved under the read" : "a reorg under the read"),
                    source.stats().lastError());
            catchUp(source, node);
            assertBalancesMatchTheNode();
            assertEquals(0, source.stats().reorgs(), "the old branch was never handed over");
        }
    }

    @Test
    void aNodeThatRefusesBatchesIsAskedOneRequestAtATimeAndOfferedBatchesAgainLater() throws Exception {
        startNode(Finality.depth(2, 8));
        try (FaultyNode unbatched = new FaultyNode(node.url());
             EvmChainSource source = new EvmChainSource(settings().withEndpoints(List.of(unbatched.url())).withBackfill(1_000, 8),
                     catalogue, this::submit, new TreeMap<>())) {
            catchUp(source, node);
            unbatched.refuseBatches(true);
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(12)));
            node.mine(10);

            assertTrue(source.poll(), () -> source.stats().lastError());
            assertEquals(node.head(), source.stats().handedOver());
            assertEquals(0, unbatched.batches());
            assertBalancesMatchTheNode();

            // The refusal passes (a gateway's error, not a provider without batches): batches come back.
            unbatched.refuseBatches(false);
            node.transferToken(token, deployer, desk2, TOKEN.multiply(BigInteger.valueOf(3)));
            node.mine(8 * (JsonRpcBatch.UNBATCHED_ROUNDS + 4));
            catchUp(source, node);
            assertTrue(unbatched.batches() > 0, "batches are offered again after " + JsonRpcBatch.UNBATCHED_ROUNDS + " rounds");
            assertBalancesMatchTheNode();
        }
    }

    @Test
    void aSocketThatGoesSilentWhileTheChainMovesIsReopened() throws Exception {
        startNode(Finality.depth(2, 8));
        try (DroppingProxy proxy = new DroppingProxy(node.port());
             EvmChainSource source = new EvmChainSource(settings().withPollInterval(Duration.ofMillis(200))
                     .withSocketEndpoint("ws://127.0.0.1:" + proxy.port()).withSocketStallAfter(Duration.ofSeconds(1)),
                     catalogue, this::submit, new TreeMap<>())) {
            source.start();
            awaitUntil(() -> source.stats().socketConnects() == 1, "the socket is up");
            Thread.sleep(500); // quiet: no block, and the socket is not taken for stalled
            assertEquals(0, source.stats().socketStalls());
            node.mine(1);
            awaitUntil(() -> source.stats().socketHeads() >= 1, "a head comes over the socket");

            proxy.muteAll(); // the connection stays up; nothing comes through it any more
            long heads = source.stats().socketHeads();
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(5)));
            awaitUntil(() -> source.stats().socketStalls() == 1 && source.stats().socketConnects() == 2, "the silent socket is reopened");
            node.mine(1);
            awaitUntil(() -> source.stats().socketHeads() > heads, "heads come over the new socket");
            awaitHandedOver(source, node.head());
            assertBalancesMatchTheNode();
            assertEquals(0, source.stats().reorgs());
        }
    }

    @Test
    void pendingTransactionsComeOverTheSocketWhereTheNodeOffersThem() throws Exception {
        startNode(Finality.depth(2, 8));
        try (EvmChainSource source = new EvmChainSource(settings().withPollInterval(Duration.ofMinutes(10))
                .withSocketEndpoint("ws://127.0.0.1:" + node.port()), catalogue, this::submit, new TreeMap<>())) {
            source.start();
            awaitHandedOver(source, node.head());
            awaitUntil(() -> source.stats().socketConnects() == 1, "the socket is up");
            BigInteger before = engineBalance("TT", desk1).confirmed();
            node.call("miner_stop");
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(25)));
            node.send(outsider, desk1, ETHER, null);
            node.transferToken(token, outsider, deployer, BigInteger.ONE); // touches no tracked account

            awaitUntil(() -> source.poll() && source.stats().pendingTransfers() == 2, "both pending transfers handed over");
            assertEquals(TOKEN.multiply(BigInteger.valueOf(25)), engineBalance("TT", desk1).pending());
            assertEquals(ETHER, engineBalance("ETH", desk1).pending());
            assertEquals(before, engineBalance("TT", desk1).confirmed(), "nothing confirmed yet");
            assertFalse(node.call("eth_uninstallFilter", "0x1").asBoolean(), "no pending-transaction filter was made");

            node.mine(1);
            awaitHandedOver(source, node.head()); // the head over the socket prompts the poll
            assertEquals(BigInteger.ZERO, engineBalance("TT", desk1).pending());
            assertEquals(BigInteger.ZERO, engineBalance("ETH", desk1).pending());
            assertBalancesMatchTheNode();
        }
    }

    @Test
    void whereTheSocketDoesNotOfferPendingTransactionsAFilterIsPolled() throws Exception {
        startNode(Finality.depth(2, 8));
        try (SocketFront front = new SocketFront(node.port());
             EvmChainSource source = new EvmChainSource(settings().withPollInterval(Duration.ofMinutes(10))
                     .withSocketEndpoint(front.url()), catalogue, this::submit, new TreeMap<>())) {
            source.start();
            awaitHandedOver(source, node.head());
            awaitUntil(() -> source.stats().socketConnects() == 1, "the socket is up");
            assertTrue(source.poll()); // the filter is made now, before anything is sent
            node.call("miner_stop");
            node.transferToken(token, deployer, desk2, TOKEN.multiply(BigInteger.valueOf(31)));

            assertTrue(source.poll());
            assertEquals(1, source.stats().pendingTransfers());
            assertEquals(TOKEN.multiply(BigInteger.valueOf(31)), engineBalance("TT", desk2).pending());
            node.mine(1);
            awaitHandedOver(source, node.head()); // new heads still come over the socket
            assertTrue(source.stats().socketHeads() >= 1);
            assertEquals(BigInteger.ZERO, engineBalance("TT", desk2).pending());
            assertBalancesMatchTheNode();
        }
    }

    @Test
    void blocksAConsumerLostAreHandedOverAgainAndCountOnce() throws Exception {
        startNode(Finality.depth(2, 8));
        List<Event> handed = new CopyOnWriteArrayList<>();
        try (EvmChainSource source = new EvmChainSource(settings(), catalogue, events -> {
            handed.addAll(events);
            return submit(events);
        }, new TreeMap<>())) {
            catchUp(source, node);
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(9)));
            node.mine(4);
            catchUp(source, node);
            long head = node.head();
            handed.clear();

            source.backfill(head - 4, head - 2);
            assertTrue(source.poll());
            assertEquals(List.of(head - 4, head - 3, head - 2, head - 1, head), handed.stream().filter(BlockObserved.class::isInstance)
                    .map(event -> ((BlockObserved) event).number()).toList(), "the lost blocks and those after them, in order");
            assertTrue(handed.stream().anyMatch(event -> event instanceof TransferObserved),
                    "with their transfers");
            assertBalancesMatchTheNode(); // counted once
            assertEquals(0L, (long) ballast.query(state -> state.chain("devnet").orElseThrow().reorgCount()));
        }
    }
}
