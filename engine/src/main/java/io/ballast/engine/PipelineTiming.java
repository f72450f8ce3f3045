package io.ballast.engine;

import io.ballast.engine.event.Event;

/**
 * Told, for every live input once recovery is done, how long the state took to apply it and the
 * decision makers (the rules) to decide on it: what an operator's metrics are made of. Called on the
 * applying thread, so it must be quick and must not touch the state.
 */
@FunctionalInterface
public interface PipelineTiming {

    PipelineTiming NONE = (event, applyNanos, decideNanos) -> { };

    void applied(Event event, long applyNanos, long decideNanos);
}
