package io.ballast.engine.event;

/** One input to the engine. Names are past tense: each records something that happened. */
public sealed interface Event permits BlockObserved, BalanceObserved, TransferObserved, PendingTransferObserved,
        FinalityAdvanced, BridgeTransferUpdated, PriceObserved, PositionObserved, ObligationObserved,
        RulesVersionMarked, ChainStalled {

    /** Marks a missing block number or timestamp. */
    long NONE = -1;

    /** Unix seconds at which the event happened, or {@link #NONE} when it carries no time of its own. */
    default long eventTime() {
        return NONE;
    }
}
