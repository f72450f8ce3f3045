package io.ballast.actors.cluster;

import io.ballast.engine.event.Event;

/**
 * One input of a partition's log.
 *
 * @param offset    its place in the partition's log: where the partition resumes, and what makes a repeat a repeat
 * @param streamSeq its place in the whole stream of inputs, as the ingest numbered it
 */
public record PartitionRecord(long offset, long streamSeq, Event event) {
}
