package io.ballast.ops.run;

import io.ballast.actors.ChainFeed;
import io.ballast.connectors.chain.ChainSink;
import io.ballast.connectors.chain.EvmChainSource;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import io.ballast.ops.config.BallastConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongConsumer;

/** A chain followed from its node, on one node or in a cluster: its source joined to its chain actor's feed, and its figures. */
public final class ChainFollowing {

    private ChainFollowing() {
    }

    /**
     * The source of a configured chain, reading its node for the desk's {@code accounts} from after the
     * {@code journalled} blocks, into {@code feed}; {@code journalledNanos} hears how long each event took to be
     * taken by the log. Not started.
     */
    public static EvmChainSource source(BallastConfig.ChainSource chain, Set<String> accounts, Catalogue catalogue, ChainFeed feed,
                                        LongConsumer journalledNanos, SortedMap<Long, String> journalled) {
        return new EvmChainSource(chain.source().withTrackedAccounts(accounts), chain.followed(catalogue), sinkOf(feed, journalledNanos),
                journalled);
    }

    /**
     * Hands a chain's events to its feed in order, telling {@code journalledNanos} how long each took to be
     * taken by the log; done once the last of them is (the source's backpressure).
     */
    private static ChainSink sinkOf(ChainFeed feed, LongConsumer journalledNanos) {
        return events -> {
            CompletionStage<?> last = CompletableFuture.completedFuture(null);
            for (Event event : events) {
                long offered = System.nanoTime();
                last = feed.offer(event).thenRun(() -> journalledNanos.accept(System.nanoTime() - offered));
            }
            return last;
        };
    }

    /** The source's figures as {@code /health} and {@code /api/cluster} show them (the endpoint without its path, where keys go). */
    public static Map<String, Object> figures(EvmChainSource.Stats stats) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("chain", stats.chain());
        row.put("endpoint", stats.endpoint());
        row.put("failovers", stats.failovers());
        row.put("nodeHead", stats.nodeHead());
        row.put("handedOver", stats.handedOver());
        row.put("failing", stats.failing());
        row.put("failedPolls", stats.failedPolls());
        row.put("reorgs", stats.reorgs());
        row.put("pendingTransfers", stats.pendingTransfers());
        row.put("socketConnects", stats.socketConnects());
        row.put("socketStalls", stats.socketStalls());
        row.put("unusableTokens", stats.unusableTokens());
        row.put("lastError", stats.lastError());
        return row;
    }
}
