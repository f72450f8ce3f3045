package io.ballast.engine.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.BridgeStatus;
import io.ballast.engine.event.BridgeTransferUpdated;
import io.ballast.engine.event.ChainStalled;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.FinalityAdvanced;
import io.ballast.engine.event.ObligationObserved;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Tier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AssetPartitionsTest {

    private final AssetPartitions three = new AssetPartitions(3);

    @Test
    void holdingsGoToTheirAssetsPartition() {
        int usdc = three.of("USDC");
        // Fixed on every JVM (String.hashCode is the language's): a change here would move every partition's state.
        assertEquals(1, usdc);
        assertEquals(usdc, three.route(new TransferObserved("base", "USDC", "0xt", "0xa", "0xb", BigInteger.ONE, "0x1", 0, 1)));
        assertEquals(usdc, three.route(new BalanceObserved("base", "USDC", "0xt", "0xa", BigInteger.ONE, Event.NONE)));
        assertEquals(usdc, three.route(new PendingTransferObserved("base", "USDC", "0xt", "0xa", "0xb", BigInteger.ONE, "0x2", Event.NONE)));
        assertTrue(three.owns(usdc, "USDC"));
        assertEquals(1, IntStream.range(0, 3).filter(p -> three.owns(p, "WETH")).count(), "one owner per asset");
    }

    @Test
    void fewLetteredSymbolsSpreadOverPartitions() {
        AssetPartitions six = new AssetPartitions(6);
        assertEquals(3, java.util.stream.Stream.of("ETH", "USDC", "WETH").mapToInt(six::of).distinct().count());
    }

    @Test
    void whatMovesEveryAssetOrItsClockGoesEverywhere() {
        for (Event event : new Event[] {
                new BlockObserved("base", 1, "0x1", "0x0", 1_700_000_000L),
                new FinalityAdvanced("base", Tier.SAFE, 1),
                new ChainStalled("base", 1_700_000_100L),
                new PriceObserved("ETH", new BigDecimal("3000"), 1_700_000_000L, "test"),
                new BridgeTransferUpdated("b-1", "USDC", "ethereum", "base", BigInteger.TEN, BridgeStatus.INITIATED, 900, 1_700_000_000L),
                new RulesVersionMarked("v1", new TreeMap<>(Map.of("rules.yaml", "rules: []")))}) {
            assertEquals(AssetPartitions.EVERY, three.route(event), event.toString());
            IntStream.range(0, 3).forEach(p -> assertTrue(three.takes(p, event)));
        }
    }

    @Test
    void positionsAndObligationsAreThePortfoliosAlone() {
        Event position = new PositionObserved("p-1", "aave", new TreeMap<>(Map.of("ETH", BigInteger.ONE)),
                new TreeMap<>(Map.of("USDC", BigInteger.ONE)), new BigDecimal("0.8"));
        Event obligation = new ObligationObserved("o-1", "USDC", "base", BigInteger.TEN, true);
        for (Event event : new Event[] {position, obligation}) {
            assertEquals(AssetPartitions.NONE, three.route(event));
            IntStream.range(0, 3).forEach(p -> assertFalse(three.takes(p, event)));
            assertTrue(three.takes(three.portfolio(), event));
        }
    }

    @Test
    void thePortfolioComesAfterTheAssetPartitionsAndTakesEveryInput() {
        assertEquals(3, three.portfolio());
        assertEquals("portfolio", three.name(3));
        assertEquals("2", three.name(2));
        assertTrue(three.takes(3, new TransferObserved("base", "USDC", "0xusdc", "0xa", "0xb", BigInteger.TEN, "0x1", 0, 1)));
        assertTrue(three.takes(3, new BlockObserved("base", 1, "0x1", "0x0", 1_700_000_000L)));
    }

    @Test
    void needsAPartition() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new AssetPartitions(0));
        assertEquals("asset partitions: 0, need at least one", error.getMessage());
    }
}
