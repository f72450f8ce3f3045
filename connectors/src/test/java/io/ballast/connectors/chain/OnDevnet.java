package io.ballast.connectors.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.Ballast;
import io.ballast.engine.decision.BalanceDriftAlerts;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Finality;
import io.ballast.engine.state.StateSettings;
import io.ballast.engine.state.TierAmounts;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain source's tests on a real ganache node (chain id 1337) with a real ERC-20 ("TT", 6 decimals), two
 * tracked desk accounts and an outsider, feeding an embedded engine; the helpers compare the engine's
 * balances with the node's to the base unit.
 */
abstract class OnDevnet {

    static final BigInteger TOKEN = BigInteger.TEN.pow(6);
    static final BigInteger ETHER = BigInteger.TEN.pow(18);

    @TempDir
    Path dir;

    protected EvmNode node;
    protected String token;
    protected String deployer;
    protected String desk1;
    protected String desk2;
    protected String outsider;
    protected Catalogue catalogue;
    protected Ballast ballast;
    protected final List<Decision> decisions = new CopyOnWriteArrayList<>();

    protected void startNode(Finality finality) throws Exception {
        node = EvmNode.ganache(1337);
        deployer = node.account(0);
        desk1 = node.account(1);
        desk2 = node.account(2);
        outsider = node.account(3);
        token = node.deployToken(deployer, TOKEN.multiply(BigInteger.valueOf(1_000_000)));
        node.transferToken(token, deployer, desk1, TOKEN.multiply(BigInteger.valueOf(5_000)));
        catalogue = EvmNode.devnetCatalogue(1337, token, finality);
        ballast = openEngine();
    }

    protected Ballast openEngine() {
        StateSettings settings = StateSettings.defaults().withTrackedAccounts(new TreeMap<>(java.util.Map.of(desk1, "desk", desk2, "desk")));
        return Ballast.builder().dataDirectory(dir).catalogue(catalogue).settings(settings)
                .decisionMaker(new BalanceDriftAlerts()).onDecision(decisions::add).build();
    }

    protected EvmSourceSettings settings() {
        return EvmSourceSettings.of(catalogue.chain("devnet").orElseThrow(), node.url(), Set.of(desk1, desk2))
                .withPollInterval(Duration.ofMillis(50));
    }

    protected EvmChainSource source(SortedMap<Long, String> journalled) {
        return new EvmChainSource(settings(), catalogue, this::submit, journalled);
    }

    protected CompletableFuture<Void> submit(List<Event> events) {
        events.forEach(ballast::submit);
        return CompletableFuture.completedFuture(null);
    }

    /** Polls until everything up to the node's head is handed over. */
    protected static void catchUp(EvmChainSource source, EvmNode node) {
        for (int round = 0; round < 50; round++) {
            assertTrue(source.poll(), () -> "poll failed: " + source.stats().lastError());
            if (source.stats().handedOver() == node.head()) {
                return;
            }
        }
        throw new AssertionError("did not catch up with head " + node.head() + ": " + source.stats());
    }

    protected TierAmounts engineBalance(String asset, String account) {
        return ballast.query(state -> state.balance("devnet", asset, account));
    }

    /** Every tracked account's token and ether balance in the engine equals the node's, to the base unit. */
    protected void assertBalancesMatchTheNode() {
        for (String account : List.of(desk1, desk2)) {
            assertEquals(node.tokenBalance(token, account), engineBalance("TT", account).confirmed(), "TT of " + account);
            assertEquals(node.balance(account), engineBalance("ETH", account).confirmed(), "ETH of " + account);
        }
    }

    @AfterEach
    void stop() {
        if (ballast != null) {
            ballast.close();
        }
        if (node != null) {
            node.close();
        }
    }

    static void awaitHandedOver(EvmChainSource source, long block) throws InterruptedException {
        awaitUntil(() -> source.stats().handedOver() >= block, "block " + block + " handed over");
    }

    static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
