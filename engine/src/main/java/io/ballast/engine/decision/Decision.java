package io.ballast.engine.decision;

/**
 * A decision, journalled and published from the journal. The id is a pure function of the input
 * that caused it and its place among that input's decisions, so a replay yields the same ids.
 */
public sealed interface Decision permits Alert, RebalanceOrder, LiquidationOrder {

    String id();

    /** Sequence of the journalled input that caused it. */
    long journalSeq();

    /** What it is about (rule id + scope, or the order's asset and route): the Kafka key. */
    String subject();
}
