package io.ballast.engine.journal;

import io.ballast.engine.decision.Decision;

/** A decision as journalled: its Chronicle index and its decision sequence (from 1, without gaps). */
public record JournalDecision(long index, long seq, Decision decision) {
}
