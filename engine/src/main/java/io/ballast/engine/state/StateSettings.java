package io.ballast.engine.state;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Tunables of the state machine. They shape state, so a replay must use the same ones.
 *
 * @param trackedAccounts         account to desk label; when empty, every account with a balance
 *                                observation is tracked (desk "")
 * @param pendingTimeoutSeconds   a pending transfer older than this is dropped
 * @param priceMaxAgeSeconds      a price older than this is stale and never used
 * @param transferMemoryBlocks    how far below the finalized height headers and transfer logs are kept, so a
 *                                conflicting block there is refused and reported and a re-sent log not counted twice
 */
public record StateSettings(SortedMap<String, String> trackedAccounts, long pendingTimeoutSeconds,
                            long priceMaxAgeSeconds, long transferMemoryBlocks) {

    public StateSettings {
        trackedAccounts = Collections.unmodifiableSortedMap(new TreeMap<>(trackedAccounts));
        if (pendingTimeoutSeconds <= 0 || priceMaxAgeSeconds <= 0 || transferMemoryBlocks < 0) {
            throw new IllegalArgumentException("pending timeout and price max age must be positive, transfer memory non-negative");
        }
    }

    public static StateSettings defaults() {
        return new StateSettings(new TreeMap<>(), 600, 300, 10_000);
    }

    public StateSettings withTrackedAccounts(Map<String, String> accountToDesk) {
        return new StateSettings(new TreeMap<>(accountToDesk), pendingTimeoutSeconds, priceMaxAgeSeconds, transferMemoryBlocks);
    }

    public StateSettings withPendingTimeoutSeconds(long seconds) {
        return new StateSettings(trackedAccounts, seconds, priceMaxAgeSeconds, transferMemoryBlocks);
    }

    public StateSettings withPriceMaxAgeSeconds(long seconds) {
        return new StateSettings(trackedAccounts, pendingTimeoutSeconds, seconds, transferMemoryBlocks);
    }
}
