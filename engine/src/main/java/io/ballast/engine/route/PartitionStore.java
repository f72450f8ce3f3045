package io.ballast.engine.route;

import io.ballast.engine.decision.Decision;
import java.util.Optional;

/**
 * Where an asset partition leaves what its next owner needs, on whichever node that is: its newest
 * snapshot and its decisions. A snapshot is only published once every decision published before it
 * is acknowledged, so a new owner that restores it and replays the log after it repeats no lost decision
 * and misses none (it may repeat some, with the same ids).
 */
public interface PartitionStore {

    /** The newest snapshot published for the partition (as the partition encoded it), if any. */
    Optional<byte[]> latestSnapshot(int partition);

    /** Publishes a decision of the partition, caused by the input at {@code streamSeq} of the whole stream. */
    void publishDecision(int partition, long streamSeq, Decision decision);

    /** Publishes the partition's snapshot after every decision published so far is acknowledged. */
    void publishSnapshot(int partition, byte[] snapshot);
}
