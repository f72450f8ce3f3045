package io.ballast.engine.journal;

import io.ballast.engine.event.Event;

/**
 * An input as journalled.
 *
 * @param index          Chronicle index of the record
 * @param seq            input sequence, from 1, without gaps
 * @param source         where it came from (a file, a Kafka topic-partition, a chain), or ""
 * @param sourcePosition its position in that source (line, offset, ...), or -1
 */
public record JournalInput(long index, long seq, String source, long sourcePosition, Event event) {
}
