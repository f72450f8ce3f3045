package io.ballast.engine.snapshot;

/**
 * A saved state.
 *
 * @param inputSeq     sequence of the last input the state reflects
 * @param journalIndex Chronicle index of that input
 * @param state        the canonical state encoding
 */
public record Snapshot(long inputSeq, long journalIndex, byte[] state) {
}
