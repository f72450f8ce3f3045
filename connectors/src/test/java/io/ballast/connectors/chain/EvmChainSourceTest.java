package io.ballast.connectors.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.Ballast;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.BalanceDriftAlerts;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Asset;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Chain;
import io.ballast.engine.model.ChainKind;
import io.ballast.engine.model.Finality;
import io.ballast.engine.state.StateSettings;
import io.ballast.engine.state.TierAmounts;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chain source on a real ganache node with a real ERC-20: balances, tiers and reorgs to the base unit. */
class EvmChainSourceTest extends OnDevnet {

    @Test
    void followsTokenAndNativeTransfersToTheBaseUnitWithTheirTiers() throws Exception {
        startNode(Finality.depth(2, 8));
        try (EvmChainSource source = source(new TreeMap<>())) {
            catchUp(source, node);
            assertEquals(TOKEN.multiply(BigInteger.valueOf(5_000)), engineBalance("TT", desk1).confirmed(), "opening balance");

            node.transferToken(token, deployer, desk1, new BigInteger("1234567891"));
            node.transferToken(token, desk1, desk2, TOKEN.multiply(BigInteger.valueOf(100)));
            node.transferToken(token, desk2, outsider, TOKEN.multiply(BigInteger.valueOf(50)));
            node.transferTokenMany(token, deployer, List.of(desk1, outsider, desk2),
                    List.of(new BigInteger("7"), TOKEN, new BigInteger("999999")));
            node.send(desk1, outsider, ETHER.multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO), null);
            node.send(outsider, desk2, ETHER.divide(BigInteger.valueOf(4)), null);
            node.send(desk1, desk2, new BigInteger("123456789012345678"), null);
            String failed = node.transferToken(token, desk2, outsider, TOKEN.multiply(BigInteger.valueOf(1_000_000)));
            assertEquals("0x0", node.receipt(failed).get("status").asText(), "the over-balance transfer reverts (and still costs gas)");
            catchUp(source, node);
            assertBalancesMatchTheNode();

            // Depth finality: confirmations promote the blocks, unsafe -> safe -> finalized.
            // The head block (one transfer) is unsafe; two confirmations make it safe, eight final.
            BigInteger before = engineBalance("TT", desk1).confirmed();
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(42)));
            catchUp(source, node);
            assertEquals(TOKEN.multiply(BigInteger.valueOf(42)), engineBalance("TT", desk1).unsafe());
            node.mine(2);
            catchUp(source, node);
            assertEquals(BigInteger.ZERO, engineBalance("TT", desk1).unsafe());
            assertTrue(engineBalance("TT", desk1).safe().compareTo(TOKEN.multiply(BigInteger.valueOf(42))) >= 0,
                    "the 42 are safe now: " + engineBalance("TT", desk1));
            node.mine(8);
            catchUp(source, node);
            TierAmounts settled = engineBalance("TT", desk1);
            assertEquals(BigInteger.ZERO, settled.unsafe());
            assertEquals(BigInteger.ZERO, settled.safe());
            assertEquals(before.add(TOKEN.multiply(BigInteger.valueOf(42))), settled.finalized());
            assertEquals(node.tokenBalance(token, desk1), settled.finalized());
            assertEquals(0, source.stats().failedPolls());
            assertEquals(0, source.stats().reorgs());
        }
    }

    @ParameterizedTest(name = "reorg of depth {0}")
    @ValueSource(ints = {1, 3})
    void aReorgReplacesTheRetractedBlocksAndTheirTransfers(int depth) throws Exception {
        startNode(Finality.depth(2, 8));
        try (EvmChainSource source = source(new TreeMap<>())) {
            catchUp(source, node);
            String fork = node.snapshot();
            for (int i = 0; i < depth; i++) {
                node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(1_000 + i)));
                node.send(desk2, outsider, ETHER, null);
            }
            catchUp(source, node);
            assertBalancesMatchTheNode();
            long oldHead = node.head();

            node.revert(fork);
            node.transferToken(token, deployer, desk2, TOKEN.multiply(BigInteger.valueOf(77)));
            assertTrue(node.head() < oldHead, "the new branch starts below the old head");
            node.mine(depth * 2); // the new branch grows past the old one
            catchUp(source, node);

            assertBalancesMatchTheNode();
            assertEquals(1, source.stats().reorgs());
            assertEquals(1L, (long) ballast.query(state -> state.chain("devnet").orElseThrow().reorgCount()));
            assertEquals(node.call("eth_getBlockByNumber", "latest", false).get("hash").asText(),
                    ballast.query(state -> state.chain("devnet").orElseThrow().headHash()));
        }
    }

    @Test
    void aShorterBranchIsTakenForAReorgOnlyWhereHashesDiffer() throws Exception {
        startNode(Finality.depth(2, 8));
        try (EvmChainSource source = source(new TreeMap<>())) {
            catchUp(source, node);
            String fork = node.snapshot();
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(10)));
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(20)));
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(30)));
            catchUp(source, node);
            long handedOver = source.stats().handedOver();

            node.revert(fork);
            node.transferToken(token, deployer, desk2, TOKEN.multiply(BigInteger.valueOf(5)));
            assertTrue(node.head() < handedOver, "the node's head is below what was handed over");
            assertTrue(source.poll());
            assertBalancesMatchTheNode();
            assertEquals(1, source.stats().reorgs());
            assertEquals(node.head(), source.stats().handedOver(), "the old blocks above the new head are gone");
        }
    }

    @Test
    void reconciliationFindsADriftOfOneBaseUnitAlertsAndCorrectsIt() throws Exception {
        startNode(Finality.depth(2, 8));
        try (EvmChainSource source = new EvmChainSource(settings().withReconcileEvery(Duration.ofMillis(1)), catalogue, this::submit,
                new TreeMap<>())) {
            catchUp(source, node);
            node.transferToken(token, deployer, desk1, TOKEN);
            catchUp(source, node);
            assertTrue(decisions.isEmpty(), "balances that agree raise nothing: " + decisions);
            long reconciled = source.stats().reconciliations();
            assertTrue(reconciled >= 1);

            // One wei appears on desk2 without a transaction: nothing the source can see but the balance.
            BigInteger drifted = node.balance(desk2).add(BigInteger.ONE);
            node.call("evm_setAccountBalance", desk2, "0x" + drifted.toString(16));
            node.mine(1);
            catchUp(source, node);

            assertEquals(1, decisions.size(), decisions.toString());
            Alert drift = (Alert) decisions.get(0);
            assertEquals(BalanceDriftAlerts.RULE, drift.rule());
            assertEquals("asset-chain[asset=ETH,chain=devnet]", drift.scope().key());
            assertTrue(drift.message().startsWith(desk2 + " holds " + drifted + " base units of native"), drift.message());
            assertBalancesMatchTheNode();
            assertTrue(source.stats().reconciliations() > reconciled);
        }
    }

    @Test
    void aCatalogueTokenWithNoContractOnTheChainIsLeftOutAndEveryOtherAssetStaysLive() throws Exception {
        startNode(Finality.depth(2, 8));
        String wrong = "0x00000000000000000000000000000000000000aa"; // a mistyped address: no code there
        String reverting = "0x00000000000000000000000000000000000000bb";
        node.call("evm_setAccountCode", reverting, "0x60006000fd"); // PUSH1 0 PUSH1 0 REVERT: every call reverts
        catalogue = Catalogue.builder(catalogue).asset(new Asset("XT", 18)).token("devnet", wrong, "XT")
                .asset(new Asset("RT", 18)).token("devnet", reverting, "RT").build();
        ballast.close();
        ballast = openEngine();
        try (EvmChainSource source = new EvmChainSource(settings().withReconcileEvery(Duration.ofMillis(1)), catalogue, this::submit,
                new TreeMap<>())) {
            catchUp(source, node);
            node.transferToken(token, desk1, desk2, TOKEN.multiply(BigInteger.valueOf(7)));
            catchUp(source, node);

            assertBalancesMatchTheNode();
            SortedMap<String, String> unusable = source.stats().unusableTokens();
            assertEquals(Set.of(wrong, reverting), unusable.keySet());
            assertTrue(unusable.get(wrong).startsWith("no contract at this address on devnet"), unusable.toString());
            assertTrue(unusable.get(reverting).startsWith("balanceOf reverts: "), unusable.toString());
            assertEquals(0, source.stats().failedPolls(), source.stats().lastError());
            Boolean nothingMadeUp = ballast.query(state -> state.holdingsOf("XT").isEmpty());
            assertTrue(nothingMadeUp, "nothing is made up for the unusable token");

            // The token is deployed there after all: the next reconciliation reads it again.
            node.call("evm_setAccountCode", wrong, node.call("eth_getCode", token, "latest").asText());
            node.mine(1);
            catchUp(source, node);
            assertEquals(Set.of(reverting), source.stats().unusableTokens().keySet());
            assertEquals(BigInteger.ZERO, engineBalance("XT", desk1).confirmed());
            Boolean held = ballast.query(state -> state.holdingsOf("XT").containsKey("devnet"));
            assertTrue(held, "the token's balances are read again");
        }
    }

    @Test
    void aMempoolTransferIsPendingUntilItsBlockConfirmsIt() throws Exception {
        startNode(Finality.depth(2, 8));
        try (EvmChainSource source = source(new TreeMap<>())) {
            catchUp(source, node);
            assertTrue(source.poll()); // the pending-transaction filter exists before anything is sent
            BigInteger before = engineBalance("TT", desk1).confirmed();
            node.call("miner_stop");
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(25)));
            node.send(outsider, desk1, ETHER, null);
            node.transferToken(token, outsider, deployer, BigInteger.ONE); // touches no tracked account
            assertTrue(source.poll());
            assertEquals(TOKEN.multiply(BigInteger.valueOf(25)), engineBalance("TT", desk1).pending());
            assertEquals(ETHER, engineBalance("ETH", desk1).pending());
            assertEquals(before, engineBalance("TT", desk1).confirmed(), "nothing confirmed yet");

            node.mine(1);
            catchUp(source, node);
            assertEquals(BigInteger.ZERO, engineBalance("TT", desk1).pending());
            assertEquals(BigInteger.ZERO, engineBalance("ETH", desk1).pending());
            assertBalancesMatchTheNode();
        }
    }

    @Test
    void aTransactionAlreadyInABlockWhenItsHashComesIsNotPending() throws Exception {
        startNode(Finality.depth(2, 8));
        try (EvmChainSource source = source(new TreeMap<>())) {
            catchUp(source, node);
            assertTrue(source.poll()); // the pending-transaction filter exists before anything is sent
            // Mined at once: the filter still reports its hash. Were it pending, a reorg dropping its block
            // would put it back in the mempool, though the node no longer has it.
            String fork = node.snapshot();
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(40)));
            catchUp(source, node);
            assertEquals(0, source.stats().pendingTransfers());
            node.revert(fork);
            node.mine(2);
            catchUp(source, node);
            assertEquals(1, source.stats().reorgs());
            assertEquals(BigInteger.ZERO, engineBalance("TT", desk1).pending());
            assertBalancesMatchTheNode();
        }
    }

    @Test
    void aFilterTheNodeForgotIsMadeAgainAndNoConfirmedTransferIsLost() throws Exception {
        startNode(Finality.depth(2, 8));
        try (EvmChainSource source = source(new TreeMap<>())) {
            catchUp(source, node);
            assertTrue(source.poll());
            assertTrue(node.call("eth_uninstallFilter", "0x1").asBoolean(), "the source's pending filter was the node's first");
            node.call("miner_stop");
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(6)));

            assertFalse(source.poll(), "the forgotten filter fails the poll");
            assertTrue(source.stats().lastError().contains("eth_getFilterChanges failed"), source.stats().lastError());
            assertTrue(source.poll(), "the next poll makes the filter again");
            node.transferToken(token, deployer, desk2, TOKEN.multiply(BigInteger.valueOf(8)));
            assertTrue(source.poll());
            assertEquals(TOKEN.multiply(BigInteger.valueOf(8)), engineBalance("TT", desk2).pending(), "seen by the new filter");

            node.mine(1);
            catchUp(source, node);
            assertBalancesMatchTheNode(); // the transfer sent while the filter was gone is confirmed from its block
            assertEquals(BigInteger.ZERO, engineBalance("TT", desk2).pending());
        }
    }

    @Test
    void finalityTagsPromoteTheBlocksTheNodeCallsFinal() throws Exception {
        startNode(Finality.tags());
        try (EvmChainSource source = source(new TreeMap<>())) {
            catchUp(source, node);
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(3)));
            catchUp(source, node);
            // ganache calls its latest block both safe and finalized.
            TierAmounts tiers = engineBalance("TT", desk1);
            assertEquals(node.tokenBalance(token, desk1), tiers.finalized());
            assertEquals(BigInteger.ZERO, tiers.unsafe().add(tiers.safe()));
            assertEquals(node.head(), (long) ballast.query(state -> state.chain("devnet").orElseThrow().finalized()));
        }
    }

    @Test
    void aNodeOfAnotherChainIsNeverRead() throws Exception {
        startNode(Finality.depth(2, 4));
        Chain mainnet = catalogue.chain("ethereum").orElseThrow(); // chain id 1; the node serves 1337
        List<Event> handed = new ArrayList<>();
        try (EvmChainSource source = new EvmChainSource(EvmSourceSettings.of(mainnet, node.url(), Set.of(desk1)), catalogue, events -> {
            handed.addAll(events);
            return CompletableFuture.completedFuture(null);
        }, new TreeMap<>())) {
            assertFalse(source.poll());
            assertFalse(source.poll());
            EvmChainSource.Stats stats = source.stats();
            assertTrue(stats.failing());
            assertEquals(2, stats.failedInARow());
            assertTrue(stats.lastError().contains("chain id 1337, not 1 (ethereum)"), stats.lastError());
        }
        assertTrue(handed.isEmpty(), "nothing handed over from the wrong chain: " + handed);
    }

    @Test
    void anEndpointThatFailsIsLeftForTheNextAndNoTransferIsLost() throws Exception {
        startNode(Finality.depth(2, 4));
        try (FaultyNode primary = new FaultyNode(node.url());
             FaultyNode backup = new FaultyNode(node.url());
             EvmChainSource source = new EvmChainSource(settings().withEndpoints(List.of(primary.url(), backup.url()))
                     .withFailover(2, Duration.ofHours(1), 3), catalogue, this::submit, new TreeMap<>())) {
            catchUp(source, node);
            assertEquals(Redaction.url(primary.url()), source.stats().endpoint());
            int backupRequests = backup.requests();

            primary.down(true);
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(7)));
            assertFalse(source.poll());
            assertFalse(source.poll());
            assertEquals(Redaction.url(backup.url()), source.stats().endpoint(), "left after two failed polls in a row");
            assertEquals(1, source.stats().failovers());
            assertEquals(backupRequests, backup.requests(), "the backup was not read before the failover");
            catchUp(source, node);
            assertFalse(source.stats().failing());
            assertEquals(node.tokenBalance(token, desk1), engineBalance("TT", desk1).total());
            assertEquals(0, source.stats().reorgs());
        }
    }

    @Test
    void aLaggingEndpointIsLeftAtTheHealthCheckAndNeverTakenForAReorg() throws Exception {
        startNode(Finality.depth(2, 4));
        try (FaultyNode laggy = new FaultyNode(node.url());
             FaultyNode good = new FaultyNode(node.url());
             EvmChainSource source = new EvmChainSource(settings().withEndpoints(List.of(laggy.url(), good.url()))
                     .withFailover(2, Duration.ofMillis(1), 3), catalogue, this::submit, new TreeMap<>())) {
            node.mine(6); // enough chain to fall behind on
            catchUp(source, node);
            laggy.lag(5);
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(11)));
            catchUp(source, node);
            assertEquals(Redaction.url(good.url()), source.stats().endpoint(), "5 blocks behind the other, more than 3 allowed");
            assertEquals(node.tokenBalance(token, desk1), engineBalance("TT", desk1).total());

            // The good node goes down and the only one left is 2 blocks behind what was handed over: it is waited for.
            long handed = source.stats().handedOver();
            laggy.lag(2);
            good.down(true);
            assertTrue(source.poll(), () -> "a node behind is waited for, not a failure: " + source.stats().lastError());
            assertEquals(Redaction.url(laggy.url()), source.stats().endpoint());
            assertEquals(handed, source.stats().handedOver());
            assertEquals(0, source.stats().reorgs(), "equal hashes at the same height: a lagging node, not a reorg");
            assertEquals(node.tokenBalance(token, desk1), engineBalance("TT", desk1).total(), "nothing retracted");

            laggy.lag(0);
            node.transferToken(token, desk1, outsider, TOKEN.multiply(BigInteger.valueOf(4)));
            catchUp(source, node);
            assertEquals(node.tokenBalance(token, desk1), engineBalance("TT", desk1).total());
            assertEquals(0, source.stats().reorgs());
        }
    }

    @Test
    void aRestartResumesFromTheJournalAndSeesAReorgThatHappenedWhileDown() throws Exception {
        startNode(Finality.depth(2, 8));
        String fork;
        try (EvmChainSource source = source(new TreeMap<>())) {
            catchUp(source, node);
            fork = node.snapshot();
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(400)));
            node.transferToken(token, deployer, desk2, TOKEN.multiply(BigInteger.valueOf(40)));
            catchUp(source, node);
        }
        ballast.close();

        // While Ballast is down: the last two blocks are replaced, and the chain goes on.
        node.revert(fork);
        node.transferToken(token, deployer, desk2, TOKEN.multiply(BigInteger.valueOf(9)));
        node.mine(3);

        ballast = openEngine();
        SortedMap<Long, String> journalled = ballast.query(state -> state.chain("devnet").orElseThrow().knownHashes());
        long inputsBefore = ballast.query(state -> state.inputSeq());
        try (EvmChainSource source = source(journalled)) {
            catchUp(source, node);
            assertBalancesMatchTheNode();
            assertEquals(1, source.stats().reorgs());
            assertTrue(ballast.query(state -> state.inputSeq()) > inputsBefore);
            assertEquals(1L, (long) ballast.query(state -> state.chain("devnet").orElseThrow().reorgCount()));
        }
    }

    @Test
    void newHeadsOverAWebSocketPromptThePollAndADroppedSocketIsReopened() throws Exception {
        startNode(Finality.depth(2, 8));
        try (DroppingProxy proxy = new DroppingProxy(node.port());
             EvmChainSource source = new EvmChainSource(settings().withPollInterval(Duration.ofMinutes(10))
                     .withSocketEndpoint("ws://127.0.0.1:" + proxy.port()), catalogue, this::submit, new TreeMap<>())) {
            source.start(); // the first poll opens at once; the next interval poll is ten minutes away
            awaitHandedOver(source, node.head());
            awaitUntil(() -> source.stats().socketConnects() == 1, "the subscription is up");

            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(11)));
            awaitHandedOver(source, node.head());
            assertBalancesMatchTheNode();

            proxy.dropAll(); // the socket dies without a close frame
            awaitUntil(() -> source.stats().socketConnects() == 2, "the subscription is reopened");
            node.transferToken(token, deployer, desk2, TOKEN.multiply(BigInteger.valueOf(12)));
            node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(13)));
            awaitHandedOver(source, node.head());
            assertBalancesMatchTheNode();
            assertEquals(0, source.stats().reorgs());
        }
    }


    @Test
    void runsOnItsOwnThreadAndStopsCleanly() throws Exception {
        startNode(Finality.depth(2, 8));
        EvmChainSource source = source(new TreeMap<>());
        source.start();
        node.transferToken(token, deployer, desk1, TOKEN);
        awaitHandedOver(source, node.head());
        source.close();
        assertBalancesMatchTheNode();
        Set<String> threads = new TreeSet<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> threads.add(thread.getName()));
        assertFalse(threads.contains("ballast-chain-devnet"), "the source's thread is gone: " + threads);
    }
}
