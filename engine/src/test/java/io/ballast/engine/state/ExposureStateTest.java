package io.ballast.engine.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.model.Catalogue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour the golden scenarios do not reach: replacement by nonce, depth finality, aggregates, ignored observations. */
class ExposureStateTest {

    private final EventJson json = new EventJson(Catalogue.defaults());
    private final ExposureState state = new ExposureState(Catalogue.defaults(),
            StateSettings.defaults().withTrackedAccounts(Map.of("0xdesk", "desk-a", "0xops", "desk-b")));
    private long seq;

    private void apply(String... lines) {
        for (String line : lines) {
            state.apply(++seq, json.read(line));
        }
    }

    private static BigInteger usdc(long tokens) {
        return BigInteger.valueOf(tokens * 1_000_000);
    }

    @Test
    void aStallMovesTheClockAndMarksTheChainUntilItsNextBlock() {
        apply("{\"type\":\"block\",\"chain\":\"base\",\"number\":7,\"hash\":\"0x7\",\"parentHash\":\"0x6\",\"timestamp\":1700000000}",
                "{\"type\":\"stall\",\"chain\":\"base\",\"timestamp\":1700000030}");
        ChainState base = state.chain("base").orElseThrow();
        assertEquals(1_700_000_030L, state.clock(), "the stall carries the observer's time");
        assertEquals(1_700_000_030L, base.stalledSince());
        assertEquals(StateCodec.hash(state), StateCodec.hash(StateCodec.decode(StateCodec.encode(state), Catalogue.defaults(),
                state.settings())), "the stall mark survives a snapshot");
        apply("{\"type\":\"block\",\"chain\":\"base\",\"number\":8,\"hash\":\"0x8\",\"parentHash\":\"0x7\",\"timestamp\":1700000040}");
        assertEquals(-1L, base.stalledSince(), "the next block ends the stall");
    }

    @Test
    void aPendingTransferIsReplacedByOneFromTheSameSenderWithTheSameNonce() {
        apply("{\"type\":\"pending\",\"chain\":\"base\",\"asset\":\"USDC\",\"from\":\"0xdesk\",\"to\":\"0xu\",\"amount\":\"40\",\"txHash\":\"0xa\",\"nonce\":5}",
                "{\"type\":\"pending\",\"chain\":\"base\",\"asset\":\"USDC\",\"from\":\"0xdesk\",\"to\":\"0xu\",\"amount\":\"45\",\"txHash\":\"0xb\",\"nonce\":5}");
        assertEquals(usdc(-45), state.balance("base", "USDC", "0xdesk").pending(), "the speed-up replaced the original");
        assertEquals(List.of("0xb"), state.pendingTransfers().stream().map(p -> p.transfer().txHash()).toList());
        assertEquals(List.of(new Incident.PendingDropped("base", "0xa", "replaced by 0xb")), state.incidents());

        apply("{\"type\":\"pending\",\"chain\":\"base\",\"asset\":\"USDC\",\"from\":\"0xdesk\",\"to\":\"0xu\",\"amount\":\"1\",\"txHash\":\"0xc\",\"nonce\":6}");
        assertEquals(usdc(-46), state.balance("base", "USDC", "0xdesk").pending(), "another nonce adds up");
    }

    @Test
    void aHoldingBornInARetractedBlockLeavesWithIt() {
        apply("{\"type\":\"block\",\"chain\":\"base\",\"number\":7,\"hash\":\"0x7\",\"parentHash\":\"0x6\",\"timestamp\":1700000000}",
                "{\"type\":\"block\",\"chain\":\"base\",\"number\":8,\"hash\":\"0x8\",\"parentHash\":\"0x7\",\"timestamp\":1700000002}",
                "{\"type\":\"transfer\",\"chain\":\"base\",\"asset\":\"WETH\",\"from\":\"0xu\",\"to\":\"0xdesk\",\"amount\":\"2\",\"txHash\":\"0x1\",\"logIndex\":0,\"block\":8}");
        assertEquals(List.of("base"), List.copyOf(state.chainsHolding("WETH")));

        apply("{\"type\":\"block\",\"chain\":\"base\",\"number\":8,\"hash\":\"0x8b\",\"parentHash\":\"0x7\",\"timestamp\":1700000002}");
        assertTrue(state.chainsHolding("WETH").isEmpty(), "as if block 8 had never been seen");
        assertTrue(state.balances().isEmpty());
    }

    @Test
    void depthFinalityDerivesSafeAndFinalizedFromTheHead() {
        // polygon: safe after 32 confirmations, final after 128
        apply("{\"type\":\"block\",\"chain\":\"polygon\",\"number\":1000,\"hash\":\"0x1000\",\"parentHash\":\"0x999\",\"timestamp\":1700000000}",
                "{\"type\":\"balance\",\"chain\":\"polygon\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"10\",\"block\":1000}",
                "{\"type\":\"block\",\"chain\":\"polygon\",\"number\":1032,\"hash\":\"0x1032\",\"parentHash\":\"0x1031\",\"timestamp\":1700000064}");
        ChainState polygon = state.chain("polygon").orElseThrow();
        assertEquals(1000, polygon.safe());
        assertEquals(904, polygon.finalized());
        assertEquals(usdc(10), state.balance("polygon", "USDC", "0xdesk").safe());

        apply("{\"type\":\"block\",\"chain\":\"polygon\",\"number\":1128,\"hash\":\"0x1128\",\"parentHash\":\"0x1127\",\"timestamp\":1700000256}");
        assertEquals(1000, polygon.finalized());
        assertEquals(usdc(10), state.balance("polygon", "USDC", "0xdesk").finalized());
    }

    @Test
    void aggregatesByChainGroupDeskAndAsset() {
        apply("{\"type\":\"balance\",\"chain\":\"optimism\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"100\",\"block\":1}",
                "{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"200\",\"block\":1}",
                "{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xops\",\"amount\":\"50\",\"block\":1}",
                "{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"ETH\",\"account\":\"0xops\",\"amount\":\"1\",\"block\":1}",
                "{\"type\":\"balance\",\"chain\":\"arbitrum\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"400\",\"block\":1}",
                "{\"type\":\"balance\",\"chain\":\"arbitrum\",\"asset\":\"USDC\",\"account\":\"0xstranger\",\"amount\":\"9\",\"block\":1}");
        assertEquals(usdc(350), state.group("USDC", List.of("optimism", "base")).confirmed(), "superchain");
        assertEquals(usdc(750), state.asset("USDC").confirmed());
        assertEquals(List.of("ETH", "USDC"), List.copyOf(state.onChain("base").keySet()));
        assertEquals(usdc(250), state.onChain("base").get("USDC").confirmed());
        assertEquals(usdc(700), state.desk("desk-a").get("USDC").confirmed());
        assertEquals(BigInteger.TEN.pow(18), state.desk("desk-b").get("ETH").confirmed());
        assertTrue(state.balance("arbitrum", "USDC", "0xstranger").confirmed().signum() == 0, "untracked accounts are not counted");
    }

    @Test
    void anObservationOlderThanTheFinalizedBalanceIsIgnoredAndSaidSo() {
        apply("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"100\",\"block\":10}",
                "{\"type\":\"finality\",\"chain\":\"base\",\"tier\":\"finalized\",\"number\":20}",
                "{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"5\",\"block\":15}");
        assertEquals(usdc(100), state.balance("base", "USDC", "0xdesk").finalized());
        assertEquals(1, state.incidents().size());
        assertTrue(state.incidents().get(0) instanceof Incident.BalanceIgnored);
    }

    @Test
    void inputsOutOfOrderNeitherRewindAPriceNorReviveAFinishedBridgeTransfer() {
        apply("{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"3000\",\"timestamp\":1700000100}",
                "{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"2500\",\"timestamp\":1700000040}");
        assertEquals(0, new BigDecimal("3000").compareTo(state.price("ETH").usd()), "an older price comes late: the newer stands");

        apply(bridge("b-7", "completed", 1_700_000_200L), bridge("b-7", "initiated", 1_700_000_000L));
        assertEquals(BigInteger.ZERO, state.inFlightTo("USDC", "base"), "completed first: the late initiated is not in flight");
        assertEquals(List.of(new Incident.BridgeUpdateLate("b-7", "initiated after it had finished; not in flight")), state.incidents());
        assertEquals(StateCodec.hash(state), StateCodec.hash(StateCodec.decode(StateCodec.encode(state), Catalogue.defaults(),
                state.settings())), "the finished transfer survives a snapshot");

        apply(bridge("b-8", "initiated", 1_700_000_300L));
        assertEquals(usdc(250), state.inFlightTo("USDC", "base"), "in order, a transfer is in flight as before");
        apply(bridge("b-9", "failed", 1_700_000_300L), bridge("b-10", "completed", 1_700_000_250L + ExposureState.FINISHED_BRIDGES_KEPT_SECONDS));
        assertEquals(List.of("b-10", "b-9"), List.copyOf(state.finishedBridges.byId().keySet()), "finished ids are kept for the retention only");
    }

    private static String bridge(String id, String status, long timestamp) {
        return "{\"type\":\"bridge\",\"id\":\"" + id + "\",\"asset\":\"USDC\",\"from\":\"ethereum\",\"to\":\"base\",\"amount\":\"250\","
                + "\"expectedArrivalSeconds\":900,\"status\":\"" + status + "\",\"timestamp\":" + timestamp + "}";
    }

    @Test
    void aBlockConflictingWithOneBelowTheFinalizedHeightIsRefusedAndReported() {
        apply("{\"type\":\"block\",\"chain\":\"base\",\"number\":10,\"hash\":\"0xa10\",\"parentHash\":\"0xa9\",\"timestamp\":1}",
                "{\"type\":\"block\",\"chain\":\"base\",\"number\":11,\"hash\":\"0xa11\",\"parentHash\":\"0xa10\",\"timestamp\":2}",
                "{\"type\":\"block\",\"chain\":\"base\",\"number\":12,\"hash\":\"0xa12\",\"parentHash\":\"0xa11\",\"timestamp\":3}",
                "{\"type\":\"finality\",\"chain\":\"base\",\"tier\":\"finalized\",\"number\":12}",
                "{\"type\":\"block\",\"chain\":\"base\",\"number\":10,\"hash\":\"0xa10\",\"parentHash\":\"0xa9\",\"timestamp\":1}");
        assertEquals(List.of(), state.incidents(), "a re-sent finalized block is a repeat, nothing more");
        apply("{\"type\":\"block\",\"chain\":\"base\",\"number\":10,\"hash\":\"0xb10\",\"parentHash\":\"0xa9\",\"timestamp\":4}");
        assertEquals(List.of(new Incident.ReorgRefused("base", 10, "0xa10", "0xb10", 12)), state.incidents());
        assertEquals(12, state.chain("base").orElseThrow().head(), "nothing retracted");
    }

    @Test
    void aTransferLogSeenTwiceCountsOnce() {
        String deposit = "{\"type\":\"transfer\",\"chain\":\"base\",\"asset\":\"USDC\",\"from\":\"0xu\",\"to\":\"0xdesk\",\"amount\":\"3\",\"txHash\":\"0xd\",\"logIndex\":2,\"block\":5}";
        apply(deposit, deposit,
                "{\"type\":\"transfer\",\"chain\":\"base\",\"asset\":\"USDC\",\"from\":\"0xu\",\"to\":\"0xdesk\",\"amount\":\"3\",\"txHash\":\"0xd\",\"logIndex\":3,\"block\":5}");
        assertEquals(usdc(6), state.balance("base", "USDC", "0xdesk").unsafe(), "same tx, another log index, counts");

        String lowerLog = deposit.replace("\"logIndex\":2", "\"logIndex\":0");
        apply(lowerLog, deposit, lowerLog);
        assertEquals(usdc(9), state.balance("base", "USDC", "0xdesk").unsafe(), "a log below the first seen counts once too");
        ExposureState restored = StateCodec.decode(StateCodec.encode(state), Catalogue.defaults(), state.settings());
        assertEquals(StateCodec.hash(state), StateCodec.hash(restored), "the logs seen survive a snapshot");
        for (String log : List.of(deposit, lowerLog, deposit.replace("\"logIndex\":2", "\"logIndex\":3"))) {
            restored.apply(++seq, json.read(log));
        }
        assertEquals(usdc(9), restored.balance("base", "USDC", "0xdesk").unsafe(), "and are recognised after a restore");
    }

    @Test
    void aLogReSentAfterItsBlockFinalizedStillCountsOnceAndAMempoolSightingOfAMinedTransactionIsIgnored() {
        String deposit = "{\"type\":\"transfer\",\"chain\":\"base\",\"asset\":\"USDC\",\"from\":\"0xu\",\"to\":\"0xdesk\",\"amount\":\"3\",\"txHash\":\"0xd\",\"logIndex\":2,\"block\":5}";
        apply(deposit, "{\"type\":\"pending\",\"chain\":\"base\",\"asset\":\"USDC\",\"from\":\"0xu\",\"to\":\"0xdesk\",\"amount\":\"3\",\"txHash\":\"0xd\"}");
        assertEquals(BigInteger.ZERO, state.balance("base", "USDC", "0xdesk").pending(), "the transaction is already in a block");

        apply("{\"type\":\"finality\",\"chain\":\"base\",\"tier\":\"finalized\",\"number\":6}", deposit);
        assertEquals(usdc(3), state.balance("base", "USDC", "0xdesk").finalized(), "the finalized block's log is remembered");
        ExposureState restored = StateCodec.decode(StateCodec.encode(state), Catalogue.defaults(), state.settings());
        restored.apply(seq + 1, json.read(deposit));
        assertEquals(usdc(3), restored.balance("base", "USDC", "0xdesk").finalized(), "and so it is after a restore");
    }
}
