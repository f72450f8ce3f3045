package io.ballast.engine.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * How the journal's queues are laid out on disk.
 *
 * @param rollCycle         how often a new queue file starts (and the unit of retention)
 * @param retainCycles      cycle files kept behind the newest snapshot; older ones may be deleted by
 *                          {@link Journal#applyRetention(long)}. 0 keeps everything.
 * @param recoveryTimeoutMs how long an appender waits on a record left half-written by a crashed
 *                          writer before it reclaims the space
 */
public record JournalSettings(RollCycle rollCycle, int retainCycles, long recoveryTimeoutMs) {

    public static JournalSettings defaults() {
        return new JournalSettings(RollCycles.FAST_DAILY, 0, 2_000);
    }

    public JournalSettings withRollCycle(RollCycle cycle) {
        return new JournalSettings(cycle, retainCycles, recoveryTimeoutMs);
    }

    public JournalSettings withRetainCycles(int cycles) {
        return new JournalSettings(rollCycle, cycles, recoveryTimeoutMs);
    }
}
