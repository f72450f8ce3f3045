package io.ballast.engine.decision;

import io.ballast.engine.event.Event;
import io.ballast.engine.state.ExposureState;

/**
 * Turns each applied input into decisions. Called on the applying thread after every input, live and
 * in replay alike, so it must be deterministic: no clock but {@link ExposureState#clock()}, no
 * randomness, no iteration over unordered collections.
 */
@FunctionalInterface
public interface DecisionMaker {

    void decide(Event event, ExposureState state, DecisionContext context);
}
