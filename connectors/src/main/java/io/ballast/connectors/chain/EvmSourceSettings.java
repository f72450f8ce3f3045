package io.ballast.connectors.chain;

import io.ballast.engine.model.Chain;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * How one chain is followed.
 *
 * @param chain            the chain, from the catalogue (its finality mode decides whether tags are read)
 * @param endpoints        the nodes' HTTP JSON-RPC URLs, in order of preference; only ever shown {@link Redaction#url redacted}
 * @param socketEndpoint   the node's WebSocket URL for {@code newHeads} and {@code newPendingTransactions}, or null to poll only
 * @param trackedAccounts  the desk's addresses (any case; kept lower-case)
 * @param pollInterval     how often the head is read
 * @param maxBlocksPerPoll blocks fetched in one poll at most, so a long backfill still hands over in steps
 * @param batchSize        blocks (and their logs) asked for in one JSON-RPC batch when catching up
 * @param reorgSearchDepth how far below a mismatch the fork point is looked for
 * @param requestTimeout   how long one request to a node may take before it counts as failed (a node that hangs)
 * @param sinkTimeout      how long the sink may take to accept a batch before the poll fails and is retried
 * @param reconcileEvery   how often every tracked balance is read from the node at the last block handed
 *                         over and handed to the engine as an absolute observation (the engine raises a
 *                         drift alert where it differs from its own count, and takes the node's)
 * @param failoverAfter    failed polls in a row after which the next endpoint is used
 * @param healthCheckEvery how often, with several endpoints, every node's head is read to leave one that lags
 * @param maxLagBlocks     how far behind the furthest node the one in use may be before the health check leaves it
 * @param socketStallAfter how long the socket may stay silent while polling sees the chain move before it is reopened
 */
public record EvmSourceSettings(Chain chain, List<String> endpoints, String socketEndpoint, Set<String> trackedAccounts,
                                Duration pollInterval, int maxBlocksPerPoll, int batchSize, int reorgSearchDepth, Duration requestTimeout,
                                Duration sinkTimeout, Duration reconcileEvery, int failoverAfter, Duration healthCheckEvery, int maxLagBlocks,
                                Duration socketStallAfter) {

    public EvmSourceSettings {
        endpoints = List.copyOf(endpoints);
        TreeSet<String> lower = new TreeSet<>();
        trackedAccounts.forEach(account -> lower.add(account.toLowerCase(Locale.ROOT)));
        trackedAccounts = Collections.unmodifiableSortedSet(lower); // sorted: opening balances go out in one order every run
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one endpoint");
        }
        if (maxBlocksPerPoll < 1 || batchSize < 1 || reorgSearchDepth < 1 || failoverAfter < 1 || maxLagBlocks < 0) {
            throw new IllegalArgumentException("maxBlocksPerPoll, batchSize, reorgSearchDepth and failoverAfter must be at least 1, "
                    + "maxLagBlocks at least 0");
        }
        for (Duration interval : List.of(pollInterval, requestTimeout, sinkTimeout, reconcileEvery, healthCheckEvery, socketStallAfter)) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("intervals and timeouts must be positive: " + interval);
            }
        }
    }

    /**
     * Polls at the chain's block time, up to 1,000 blocks a poll in batches of 50, looks 128 blocks deep for a fork,
     * gives a request 10 s, reconciles every 5 minutes; with several endpoints, moves on after 2 failed polls in a row
     * and leaves a node 5 blocks behind the others (checked every 30 s); a socket silent for 20 block times (30 s at
     * least) while the chain moves is reopened.
     */
    public static EvmSourceSettings of(Chain chain, String endpoint, Set<String> trackedAccounts) {
        Duration stall = Duration.ofMillis(Math.max(30_000, 20 * chain.blockTimeMillis()));
        return new EvmSourceSettings(chain, List.of(endpoint), null, trackedAccounts, Duration.ofMillis(chain.blockTimeMillis()), 1_000, 50,
                128, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5), 2, Duration.ofSeconds(30), 5, stall);
    }

    public EvmSourceSettings withPollInterval(Duration interval) {
        return with(copy -> copy.pollInterval = interval);
    }

    public EvmSourceSettings withReconcileEvery(Duration interval) {
        return with(copy -> copy.reconcileEvery = interval);
    }

    /** Also subscribes at this WebSocket URL to new heads (to poll as soon as a block comes) and to pending transactions. */
    public EvmSourceSettings withSocketEndpoint(String webSocketUrl) {
        return with(copy -> copy.socketEndpoint = webSocketUrl);
    }

    /** These endpoints, in order of preference, instead. */
    public EvmSourceSettings withEndpoints(List<String> urls) {
        return with(copy -> copy.endpoints = urls);
    }

    /** How endpoints are left: after {@code failedPolls} in a row, or when {@code maxLag} blocks behind at a health check. */
    public EvmSourceSettings withFailover(int failedPolls, Duration healthCheck, int maxLag) {
        return with(copy -> {
            copy.failoverAfter = failedPolls;
            copy.healthCheckEvery = healthCheck;
            copy.maxLagBlocks = maxLag;
        });
    }

    /** How a catch-up is read: {@code blocksPerPoll} at most per poll, {@code batchSize} blocks per JSON-RPC batch. */
    public EvmSourceSettings withBackfill(int blocksPerPoll, int batchSize) {
        return with(copy -> {
            copy.maxBlocksPerPoll = blocksPerPoll;
            copy.batchSize = batchSize;
        });
    }

    public EvmSourceSettings withTrackedAccounts(Set<String> accounts) {
        return with(copy -> copy.trackedAccounts = accounts);
    }

    public EvmSourceSettings withRequestTimeout(Duration timeout) {
        return with(copy -> copy.requestTimeout = timeout);
    }

    public EvmSourceSettings withSocketStallAfter(Duration silence) {
        return with(copy -> copy.socketStallAfter = silence);
    }

    private EvmSourceSettings with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.settings();
    }

    /** The settings' values, to change some of them. */
    private static final class Copy {
        private final Chain chain;
        private Set<String> trackedAccounts;
        private final int reorgSearchDepth;
        private final Duration sinkTimeout;
        private List<String> endpoints;
        private String socketEndpoint;
        private Duration pollInterval;
        private int maxBlocksPerPoll;
        private int batchSize;
        private Duration requestTimeout;
        private Duration reconcileEvery;
        private int failoverAfter;
        private Duration healthCheckEvery;
        private int maxLagBlocks;
        private Duration socketStallAfter;

        private Copy(EvmSourceSettings s) {
            chain = s.chain;
            endpoints = s.endpoints;
            socketEndpoint = s.socketEndpoint;
            trackedAccounts = s.trackedAccounts;
            pollInterval = s.pollInterval;
            maxBlocksPerPoll = s.maxBlocksPerPoll;
            batchSize = s.batchSize;
            reorgSearchDepth = s.reorgSearchDepth;
            requestTimeout = s.requestTimeout;
            sinkTimeout = s.sinkTimeout;
            reconcileEvery = s.reconcileEvery;
            failoverAfter = s.failoverAfter;
            healthCheckEvery = s.healthCheckEvery;
            maxLagBlocks = s.maxLagBlocks;
            socketStallAfter = s.socketStallAfter;
        }

        private EvmSourceSettings settings() {
            return new EvmSourceSettings(chain, endpoints, socketEndpoint, trackedAccounts, pollInterval, maxBlocksPerPoll, batchSize,
                    reorgSearchDepth, requestTimeout, sinkTimeout, reconcileEvery, failoverAfter, healthCheckEvery, maxLagBlocks,
                    socketStallAfter);
        }
    }

    @Override
    public String toString() {
        return "EvmSourceSettings[chain=" + chain.name() + ", endpoints=" + endpoints.stream().map(Redaction::url).collect(Collectors.joining(", ", "[", "]"))
                + (socketEndpoint == null ? "" : ", socket=" + Redaction.url(socketEndpoint)) + ", accounts="
                + trackedAccounts.size() + ", poll=" + pollInterval + "]";
    }
}
