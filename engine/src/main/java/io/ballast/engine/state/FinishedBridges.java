package io.ballast.engine.state;

import java.util.Collections;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Bridge transfers that completed or failed, id to when (engine seconds), so an update that comes
 * late is recognised. Forgetting the old ones looks only at the oldest, in time order, rather than at
 * every id each time a transfer finishes. Part of the state.
 */
final class FinishedBridges {

    private record Finished(long at, String id) {
    }

    private static final Comparator<Finished> OLDEST_FIRST = Comparator.comparingLong(Finished::at).thenComparing(Finished::id);

    private final TreeMap<String, Long> byId = new TreeMap<>();
    /** Every finish recorded, oldest first; one that a later finish of the same id replaced is skipped when met. */
    private final PriorityQueue<Finished> byTime = new PriorityQueue<>(OLDEST_FIRST);

    boolean contains(String id) {
        return byId.containsKey(id);
    }

    void finish(String id, long at) {
        byId.put(id, at);
        byTime.add(new Finished(at, id));
    }

    /** Forgets the transfers that finished before {@code cutoff}. */
    void forgetBefore(long cutoff) {
        while (!byTime.isEmpty() && byTime.peek().at() < cutoff) {
            Finished oldest = byTime.poll();
            byId.remove(oldest.id(), oldest.at());
        }
    }

    SortedMap<String, Long> byId() {
        return Collections.unmodifiableSortedMap(byId);
    }
}
