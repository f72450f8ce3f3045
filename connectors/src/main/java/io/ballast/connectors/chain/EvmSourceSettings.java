package io.ballast.connectors.chain;

import io.ballast.engine.model.Chain;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How one chain is followed.
 *
 * @param chain            the chain, from the catalogue (its finality mode decides whether tags are read)
 * @param endpoint         the node's HTTP JSON-RPC URL; only ever shown {@link Redaction#url redacted}
 * @param headsEndpoint    the node's WebSocket URL for {@code newHeads}, or null to poll only
 * @param trackedAccounts  the desk's addresses (any case; kept lower-case)
 * @param pollInterval     how often the head is read
 * @param maxBlocksPerPoll blocks fetched in one poll at most, so a long backfill still hands over in steps
 * @param reorgSearchDepth how far below a mismatch the fork point is looked for
 * @param sinkTimeout      how long the sink may take to accept a batch before the poll fails and is retried
 * @param reconcileEvery   how often every tracked balance is read from the node at the last block handed
 *                         over and handed to the engine as an absolute observation (the engine raises a
 *                         drift alert where it differs from its own count, and takes the node's)
 */
public record EvmSourceSettings(Chain chain, String endpoint, String headsEndpoint, Set<String> trackedAccounts, Duration pollInterval,
                                int maxBlocksPerPoll, int reorgSearchDepth, Duration sinkTimeout, Duration reconcileEvery) {

    public EvmSourceSettings {
        TreeSet<String> lower = new TreeSet<>();
        trackedAccounts.forEach(account -> lower.add(account.toLowerCase(Locale.ROOT)));
        trackedAccounts = Collections.unmodifiableSortedSet(lower); // sorted: opening balances go out in one order every run
        if (maxBlocksPerPoll < 1 || reorgSearchDepth < 1) {
            throw new IllegalArgumentException("maxBlocksPerPoll and reorgSearchDepth must be at least 1");
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || reconcileEvery.isNegative() || reconcileEvery.isZero()) {
            throw new IllegalArgumentException("pollInterval and reconcileEvery must be positive");
        }
    }

    /** Polls at the chain's block time, up to 100 blocks a poll, looks 128 blocks deep for a fork, reconciles every 5 minutes. */
    public static EvmSourceSettings of(Chain chain, String endpoint, Set<String> trackedAccounts) {
        return new EvmSourceSettings(chain, endpoint, null, trackedAccounts, Duration.ofMillis(chain.blockTimeMillis()), 100, 128,
                Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    public EvmSourceSettings withPollInterval(Duration interval) {
        return new EvmSourceSettings(chain, endpoint, headsEndpoint, trackedAccounts, interval, maxBlocksPerPoll, reorgSearchDepth, sinkTimeout,
                reconcileEvery);
    }

    public EvmSourceSettings withReconcileEvery(Duration interval) {
        return new EvmSourceSettings(chain, endpoint, headsEndpoint, trackedAccounts, pollInterval, maxBlocksPerPoll, reorgSearchDepth,
                sinkTimeout, interval);
    }

    /** Also subscribes to {@code newHeads} at this WebSocket URL, to poll as soon as a block comes. */
    public EvmSourceSettings withHeadsEndpoint(String webSocketUrl) {
        return new EvmSourceSettings(chain, endpoint, webSocketUrl, trackedAccounts, pollInterval, maxBlocksPerPoll, reorgSearchDepth,
                sinkTimeout, reconcileEvery);
    }

    @Override
    public String toString() {
        return "EvmSourceSettings[chain=" + chain.name() + ", endpoint=" + Redaction.url(endpoint)
                + (headsEndpoint == null ? "" : ", heads=" + Redaction.url(headsEndpoint)) + ", accounts="
                + trackedAccounts.size() + ", poll=" + pollInterval + "]";
    }
}
