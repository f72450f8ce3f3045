package io.ballast.engine;

import io.ballast.engine.journal.JournalDecision;
import io.ballast.engine.journal.JournalFollower;

/**
 * The journalled decisions, read from outside the engine: how an outbox publishes them (from its own
 * thread, at its own pace) and measures how far behind it is.
 */
public interface DecisionJournal {

    /** Sequence of the last decision journalled (0 when none). */
    long lastDecisionSeq();

    /**
     * Follows the journalled decisions after the one at {@code afterIndex} (from the first when negative).
     * The follower is read on one thread, the one that asked for it; close it when done.
     */
    JournalFollower<JournalDecision> followDecisions(long afterIndex);
}
