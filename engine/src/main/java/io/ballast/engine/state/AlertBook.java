package io.ballast.engine.state;

import static io.ballast.engine.event.Event.NONE;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which alert subjects are firing and when each last fired: the memory that makes an alert fire
 * once and resolve once. Part of the state, so snapshots and replays carry it.
 */
public final class AlertBook {

    final TreeMap<String, Long> firingSince = new TreeMap<>();
    final TreeMap<String, Long> lastFired = new TreeMap<>();
    /** The firing subjects again, for the check every rule makes on every evaluation. */
    private final Set<String> firingIndex = new HashSet<>();
    private long changes;

    public boolean isFiring(String subject) {
        return firingIndex.contains(subject);
    }

    /** Engine time the subject last fired, or -1. */
    public long lastFiredAt(String subject) {
        return lastFired.getOrDefault(subject, NONE);
    }

    public void fire(String subject, long time) {
        firingSince.put(subject, time);
        firingIndex.add(subject);
        lastFired.put(subject, time);
        changes++;
    }

    public void resolve(String subject) {
        firingSince.remove(subject);
        firingIndex.remove(subject);
        changes++;
    }

    /** Grows whenever an alert fires or resolves: a reader may cache what {@link #isFiring} said while it stays. */
    public long changes() {
        return changes;
    }

    /** Sets the book to a decoded one. */
    void restore(Map<String, Long> firing, Map<String, Long> fired) {
        firingSince.putAll(firing);
        firingIndex.addAll(firing.keySet());
        lastFired.putAll(fired);
    }

    /** Firing subjects and since when. */
    public SortedMap<String, Long> firing() {
        return Collections.unmodifiableSortedMap(firingSince);
    }
}
