package io.ballast.connectors.chain;

import io.ballast.engine.model.Chain;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How one chain is followed.
 *
 * @param chain            the chain, from the catalogue (its finality mode decides whether tags are read)
 * @param endpoints        the nodes' HTTP JSON-RPC URLs, in order of preference; only ever shown {@link Redaction#url redacted}
 * @param headsEndpoint    the node's WebSocket URL for {@code newHeads}, or null to poll only
 * @param trackedAccounts  the desk's addresses (any case; kept lower-case)
 * @param pollInterval     how often the head is read
 * @param maxBlocksPerPoll blocks fetched in one poll at most, so a long backfill still hands over in steps
 * @param reorgSearchDepth how far below a mismatch the fork point is looked for
 * @param sinkTimeout      how long the sink may take to accept a batch before the poll fails and is retried
 * @param reconcileEvery   how often every tracked balance is read from the node at the last block handed
 *                         over and handed to the engine as an absolute observation (the engine raises a
 *                         drift alert where it differs from its own count, and takes the node's)
 * @param failoverAfter    failed polls in a row after which the next endpoint is used
 * @param healthCheckEvery how often, with several endpoints, every node's head is read to leave one that lags
 * @param maxLagBlocks     how far behind the furthest node the one in use may be before the health check leaves it
 */
public record EvmSourceSettings(Chain chain, List<String> endpoints, String headsEndpoint, Set<String> trackedAccounts,
                                Duration pollInterval, int maxBlocksPerPoll, int reorgSearchDepth, Duration sinkTimeout,
                                Duration reconcileEvery, int failoverAfter, Duration healthCheckEvery, int maxLagBlocks) {

    public EvmSourceSettings {
        endpoints = List.copyOf(endpoints);
        TreeSet<String> lower = new TreeSet<>();
        trackedAccounts.forEach(account -> lower.add(account.toLowerCase(Locale.ROOT)));
        trackedAccounts = Collections.unmodifiableSortedSet(lower); // sorted: opening balances go out in one order every run
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one endpoint");
        }
        if (maxBlocksPerPoll < 1 || reorgSearchDepth < 1 || failoverAfter < 1 || maxLagBlocks < 0) {
            throw new IllegalArgumentException("maxBlocksPerPoll, reorgSearchDepth and failoverAfter must be at least 1, maxLagBlocks at least 0");
        }
        for (Duration interval : List.of(pollInterval, reconcileEvery, healthCheckEvery)) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("pollInterval, reconcileEvery and healthCheckEvery must be positive");
            }
        }
    }

    /**
     * Polls at the chain's block time, up to 100 blocks a poll, looks 128 blocks deep for a fork, reconciles every 5 minutes;
     * with several endpoints, moves on after 2 failed polls in a row and leaves a node 5 blocks behind the others (checked every 30 s).
     */
    public static EvmSourceSettings of(Chain chain, String endpoint, Set<String> trackedAccounts) {
        return new EvmSourceSettings(chain, List.of(endpoint), null, trackedAccounts, Duration.ofMillis(chain.blockTimeMillis()), 100, 128,
                Duration.ofSeconds(30), Duration.ofMinutes(5), 2, Duration.ofSeconds(30), 5);
    }

    public EvmSourceSettings withPollInterval(Duration interval) {
        return new EvmSourceSettings(chain, endpoints, headsEndpoint, trackedAccounts, interval, maxBlocksPerPoll, reorgSearchDepth, sinkTimeout,
                reconcileEvery, failoverAfter, healthCheckEvery, maxLagBlocks);
    }

    public EvmSourceSettings withReconcileEvery(Duration interval) {
        return new EvmSourceSettings(chain, endpoints, headsEndpoint, trackedAccounts, pollInterval, maxBlocksPerPoll, reorgSearchDepth,
                sinkTimeout, interval, failoverAfter, healthCheckEvery, maxLagBlocks);
    }

    /** Also subscribes to {@code newHeads} at this WebSocket URL, to poll as soon as a block comes. */
    public EvmSourceSettings withHeadsEndpoint(String webSocketUrl) {
        return new EvmSourceSettings(chain, endpoints, webSocketUrl, trackedAccounts, pollInterval, maxBlocksPerPoll, reorgSearchDepth,
                sinkTimeout, reconcileEvery, failoverAfter, healthCheckEvery, maxLagBlocks);
    }

    /** These endpoints, in order of preference, instead. */
    public EvmSourceSettings withEndpoints(List<String> urls) {
        return new EvmSourceSettings(chain, urls, headsEndpoint, trackedAccounts, pollInterval, maxBlocksPerPoll, reorgSearchDepth,
                sinkTimeout, reconcileEvery, failoverAfter, healthCheckEvery, maxLagBlocks);
    }

    /** How endpoints are left: after {@code failedPolls} in a row, or when {@code maxLagBlocks} behind at a health check. */
    public EvmSourceSettings withFailover(int failedPolls, Duration healthCheck, int maxLag) {
        return new EvmSourceSettings(chain, endpoints, headsEndpoint, trackedAccounts, pollInterval, maxBlocksPerPoll, reorgSearchDepth,
                sinkTimeout, reconcileEvery, failedPolls, healthCheck, maxLag);
    }

    @Override
    public String toString() {
        return "EvmSourceSettings[chain=" + chain.name() + ", endpoints=" + endpoints.stream().map(Redaction::url).collect(Collectors.joining(", ", "[", "]"))
                + (headsEndpoint == null ? "" : ", heads=" + Redaction.url(headsEndpoint)) + ", accounts="
                + trackedAccounts.size() + ", poll=" + pollInterval + "]";
    }
}
