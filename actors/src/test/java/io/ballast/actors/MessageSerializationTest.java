package io.ballast.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.engine.Quarantined;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.BridgeStatus;
import io.ballast.engine.event.BridgeTransferUpdated;
import io.ballast.engine.event.ChainStalled;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.state.TierAmounts;
import io.ballast.risk.eval.PreTradeVerdict;
import io.ballast.risk.eval.Trade;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message that may cross the wire survives Pekko's Jackson serialization unchanged, events inside included. */
class MessageSerializationTest {

    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final SerializationTestKit SERIALIZATION = KIT.serializationTestKit();

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    private static void roundTrips(Object message) {
        assertEquals(message, SERIALIZATION.verifySerialization(message, true));
    }

    @Test
    void chainActorMessages() {
        ActorRef<ChainActor.Observed> feed = KIT.<ChainActor.Observed>createTestProbe().ref();
        roundTrips(new ChainActor.Observe(new BlockObserved("base", 7, "0x7", "0x6", 1_700_000_000L), feed));
        roundTrips(new ChainActor.Observe(new TransferObserved("base", "USDC", "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913", "0xa",
                "0xb", new BigInteger("123456789012345678901234567890"), "0xt", 3, 7), feed));
        roundTrips(new ChainActor.Observe(List.of(new BlockObserved("base", 8, "0x8", "0x7", 1_700_000_002L),
                new ChainStalled("base", 1_700_000_100L)), feed));
        roundTrips(new ChainActor.Observed("base", true));
        roundTrips(new ChainActor.GetStatus(KIT.<ChainActor.Status>createTestProbe().ref()));
        roundTrips(new ChainActor.Status("base", 7, 5, 3, 1200, false, 1, 2, 0, 4, 42));
        roundTrips(ChainActor.Stop.INSTANCE);
    }

    @Test
    void engineActorMessages() {
        roundTrips(new InputLog.Submit("chain:base", 9, new ChainStalled("base", 1_700_000_100L),
                KIT.<InputLog.Submitted>createTestProbe().ref()));
        roundTrips(new InputLog.Submit("", -1, new BridgeTransferUpdated("b-1", "USDC", "ethereum", "base",
                BigInteger.valueOf(250_000_000), BridgeStatus.INITIATED, 900, 1_700_000_000L), KIT.<InputLog.Submitted>createTestProbe().ref()));
        roundTrips(new InputLog.Submit("prices", 4, new PriceObserved("ETH", new BigDecimal("3000.50"), 1_700_000_000L, "feed"),
                KIT.<InputLog.Submitted>createTestProbe().ref()));
        roundTrips(new InputLog.Submitted("chain:base", 9, 3, 3, List.of(), -1));
        roundTrips(new InputLog.Submitted("chain:base", 12, 1, 0, List.of("chain:base@12: unknown chain solana"), 11));
        roundTrips(new InputLog.GetSourcePosition("chain:base", KIT.<InputLog.SourcePosition>createTestProbe().ref()));
        roundTrips(new InputLog.SourcePosition("chain:base", 9));
        roundTrips(new InputLog.GetKnownBlocks("base", KIT.<InputLog.KnownBlocks>createTestProbe().ref()));
        roundTrips(new InputLog.KnownBlocks("base", new TreeMap<>(Map.of(101L, "0xa1", 102L, "0xa2"))));
        roundTrips(new EngineActor.StateHash(9, "ab12"));
        roundTrips(new EngineActor.CheckTrade(new Trade("base", "USDC", BigInteger.valueOf(-50_000_000_000L)),
                KIT.<PreTradeVerdict>createTestProbe().ref()));
        roundTrips(new EngineActor.QuarantinedInputs(List.of(new Quarantined(77, 3, "IllegalStateException: no"))));
    }

    @Test
    void viewMessages() {
        TreeMap<String, TierAmounts> byChain = new TreeMap<>();
        byChain.put("base", new TierAmounts(BigInteger.ONE, BigInteger.TWO, BigInteger.TEN, BigInteger.valueOf(1_000)));
        roundTrips(new AssetActor.HoldingsChanged("USDC", byChain, 12));
        roundTrips(new AssetActor.AssetExposure("USDC", byChain, byChain.get("base"), 12));
        roundTrips(new PortfolioActor.PortfolioChanged(new BigDecimal("1.5"), BigDecimal.ONE, BigDecimal.TEN, new BigDecimal("100.25"),
                BigDecimal.ZERO, new BigDecimal("50"), List.of("WBTC"), 2, 12));
    }
}
