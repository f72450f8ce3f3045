package io.ballast.connectors.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.engine.Ballast;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Chain;
import io.ballast.engine.model.Finality;
import io.ballast.engine.state.StateSettings;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One desk on three chains at once, each a real node of its own with the chain's real id: Arbitrum and
 * Base on ganache, Optimism on hardhat, each with its own deployment of the test ERC-20 as USDC. Three
 * sources feed one engine; every balance matches its node to the base unit, the USDC total across chains
 * is the nodes' sum, and a reorg on the hardhat node is handled like one on ganache.
 */
class SeveralChainsTest {

    private static final BigInteger USDC = BigInteger.TEN.pow(6);

    @TempDir
    Path dir;

    /** One chain of the desk: its node, its token, the desk's account and an outsider there. */
    private record Followed(String chain, EvmNode node, String token, String deployer, String desk, String outsider) {

        static Followed deploy(String chain, EvmNode node) throws Exception {
            String token = node.deployToken(node.account(0), USDC.multiply(BigInteger.valueOf(1_000_000)));
            return new Followed(chain, node, token, node.account(0), node.account(1), node.account(2));
        }
    }

    @Test
    void oneDeskOnThreeChainsMatchesEveryNodeToTheBaseUnit() throws Exception {
        Map<String, Followed> chains = new LinkedHashMap<>();
        try (EvmNode arbitrum = EvmNode.ganache(42161); EvmNode optimism = EvmNode.hardhat(10); EvmNode base = EvmNode.ganache(8453)) {
            chains.put("arbitrum", Followed.deploy("arbitrum", arbitrum));
            chains.put("optimism", Followed.deploy("optimism", optimism));
            chains.put("base", Followed.deploy("base", base));
            Catalogue.Builder catalogueBuilder = Catalogue.builder(Catalogue.defaults());
            Set<String> desks = new TreeSet<>();
            chains.values().forEach(followed -> {
                // Only USDC (this node's deployment) and the coin: the catalogue's other tokens do not exist on these nodes.
                catalogueBuilder.onlyAssets(followed.chain, List.of("USDC", "ETH")).tokens(followed.chain, "USDC", List.of(followed.token));
                desks.add(followed.desk);
            });
            // Dev nodes call their latest block finalized, and a reorg below finalized is refused: Optimism counts
            // confirmations here so that its reorg can be shown (Arbitrum and Base keep the tags).
            Chain opMainnet = Catalogue.defaults().chain("optimism").orElseThrow();
            catalogueBuilder.chain(new Chain("optimism", opMainnet.chainId(), opMainnet.kind(), opMainnet.blockTimeMillis(), Finality.depth(2, 8),
                    opMainnet.challengeWindowSeconds()));
            Catalogue catalogue = catalogueBuilder.build();
            TreeMap<String, String> tracked = new TreeMap<>();
            desks.forEach(desk -> tracked.put(desk, "desk"));

            try (Ballast ballast = Ballast.builder().dataDirectory(dir).catalogue(catalogue)
                    .settings(StateSettings.defaults().withTrackedAccounts(tracked)).build()) {
                List<EvmChainSource> sources = new ArrayList<>();
                try {
                    for (Followed followed : chains.values()) {
                        EvmChainSource source = new EvmChainSource(EvmSourceSettings.of(catalogue.chain(followed.chain).orElseThrow(),
                                followed.node.url(), desks).withPollInterval(Duration.ofMillis(50)), catalogue, events -> {
                            events.forEach(ballast::submit);
                            return CompletableFuture.completedFuture(null);
                        }, new TreeMap<>());
                        sources.add(source);
                        source.start();
                    }
                    Followed arb = chains.get("arbitrum");
                    Followed op = chains.get("optimism");
                    Followed bas = chains.get("base");
                    arb.node.transferToken(arb.token, arb.deployer, arb.desk, USDC.multiply(BigInteger.valueOf(5_000)));
                    arb.node.transferToken(arb.token, arb.desk, arb.outsider, USDC.multiply(BigInteger.valueOf(1_200)).add(BigInteger.ONE));
                    op.node.transferToken(op.token, op.deployer, op.desk, USDC.multiply(BigInteger.valueOf(300)));
                    op.node.send(op.desk, op.outsider, BigInteger.TEN.pow(17), null);
                    bas.node.transferToken(bas.token, bas.deployer, bas.desk, new BigInteger("77000001"));
                    awaitAllHandedOver(chains, sources);
                    assertEveryBalanceMatches(chains, ballast);

                    // A reorg on the hardhat node: the 1,000 USDC go, 1 base unit comes on the new branch.
                    String fork = op.node.snapshot();
                    op.node.transferToken(op.token, op.deployer, op.desk, USDC.multiply(BigInteger.valueOf(1_000)));
                    awaitAllHandedOver(chains, sources);
                    assertEquals(USDC.multiply(BigInteger.valueOf(1_300)), ballast.query(state -> state.balance("optimism", "USDC", op.desk).total()));
                    op.node.revert(fork);
                    op.node.transferToken(op.token, op.deployer, op.desk, BigInteger.ONE);
                    op.node.mine(2);
                    awaitAllHandedOver(chains, sources);
                    assertEveryBalanceMatches(chains, ballast);
                    assertEquals(1, sources.get(1).stats().reorgs());
                    assertEquals(0, sources.get(0).stats().reorgs() + sources.get(2).stats().reorgs());
                } finally {
                    sources.forEach(EvmChainSource::close);
                }
            }
        }
    }

    private static void awaitAllHandedOver(Map<String, Followed> chains, List<EvmChainSource> sources) throws InterruptedException {
        int i = 0;
        for (Followed followed : chains.values()) {
            EvmChainSource source = sources.get(i++);
            long head = followed.node.head();
            OnDevnet.awaitUntil(() -> source.stats().handedOver() == head, followed.chain + " at block " + head);
        }
    }

    private static void assertEveryBalanceMatches(Map<String, Followed> chains, Ballast ballast) {
        BigInteger usdcOnNodes = BigInteger.ZERO;
        for (Followed followed : chains.values()) {
            BigInteger usdc = followed.node.tokenBalance(followed.token, followed.desk);
            assertEquals(usdc, ballast.query(state -> state.balance(followed.chain, "USDC", followed.desk).total()), "USDC on " + followed.chain);
            assertEquals(followed.node.balance(followed.desk), ballast.query(state -> state.balance(followed.chain, "ETH", followed.desk).total()),
                    "ETH on " + followed.chain);
            usdcOnNodes = usdcOnNodes.add(usdc);
        }
        assertEquals(usdcOnNodes, ballast.query(state -> state.asset("USDC").total()), "USDC across the chains");
    }
}
