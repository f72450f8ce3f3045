package io.ballast.engine.route;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
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

/**
 * The inputs split among {@code count} asset partitions. An event about one asset's holdings goes to
 * that asset's partition. An event every asset's decisions can depend on goes to
 * every partition: blocks, finality and stalls (a reorg retracts every asset's transfers), and the
 * events that carry a time — prices and bridge updates too — since the engine's clock is the latest
 * event time and each partition's clock must read what one engine's would. Rule sets go everywhere,
 * so each partition adopts them at the same point of its stream on every node. Positions and
 * obligations go to no asset partition: they feed solvency and margin, which span assets; no
 * variable of an asset reads them. The portfolio, numbered {@code count} after the asset partitions,
 * takes every input and decides what spans assets.
 *
 * <p>Known difference from one engine: a pending transfer confirmed only by a log of another asset
 * in the same transaction (a swap seen pending on one token) is confirmed in its partition by its own
 * token's log or by the pending timeout, not by the other token's log.
 *
 * @param count how many partitions (the events topic's partition count)
 */
public record AssetPartitions(int count) {

    /** {@link #route} of an event every partition takes. */
    public static final int EVERY = -1;
    /** {@link #route} of an event no asset partition takes. */
    public static final int NONE = -2;

    public AssetPartitions {
        if (count < 1) {
            throw new IllegalArgumentException("asset partitions: " + count + ", need at least one");
        }
    }

    /**
     * The partition of an asset. {@link String#hashCode()} is fixed by the language, so every node places
     * an asset alike; its bits are mixed first (Fibonacci hashing), since symbols of a few letters differ
     * little in their low bits (ETH, USDC and WETH would all share one partition of three).
     */
    public int of(String asset) {
        int mixed = asset.hashCode() * 0x9E3779B9;
        return Math.floorMod(mixed ^ (mixed >>> 16), count);
    }

    /** Whether {@code partition} holds {@code asset}. */
    public boolean owns(int partition, String asset) {
        return of(asset) == partition;
    }

    /** The partition the event goes to, {@link #EVERY} or {@link #NONE}. */
    public int route(Event event) {
        if (event instanceof TransferObserved e) {
            return of(e.asset());
        } else if (event instanceof BalanceObserved e) {
            return of(e.asset());
        } else if (event instanceof PendingTransferObserved e) {
            return of(e.asset());
        } else if (event instanceof PositionObserved || event instanceof ObligationObserved) {
            return NONE;
        } else if (event instanceof BlockObserved || event instanceof FinalityAdvanced || event instanceof ChainStalled
                || event instanceof PriceObserved || event instanceof BridgeTransferUpdated || event instanceof RulesVersionMarked) {
            return EVERY;
        }
        throw new IllegalArgumentException("no route for " + event.getClass().getSimpleName());
    }

    /** The portfolio's number: after the asset partitions. */
    public int portfolio() {
        return count;
    }

    /** Whether {@code partition} (an asset partition or the portfolio) takes the event. */
    public boolean takes(int partition, Event event) {
        if (partition == count) {
            return true;
        }
        int route = route(event);
        return route == EVERY || route == partition;
    }

    /** How a partition is called where people read it: its number, or {@code portfolio}. */
    public String name(int partition) {
        return partition == count ? "portfolio" : Integer.toString(partition);
    }
}
