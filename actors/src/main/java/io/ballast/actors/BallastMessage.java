package io.ballast.actors;

/**
 * Marks the messages that may cross the wire between cluster nodes: Pekko serializes them with
 * Jackson (CBOR), as bound in this module's {@code reference.conf}. Engine events inside them travel
 * in their versioned binary journal layout ({@link EventJacksonModule}).
 */
public interface BallastMessage {
}
