package io.ballast.engine;

import io.ballast.engine.event.Event;

/**
 * A check a submitted event must pass before it is journalled, beyond the engine's own validation:
 * modules that understand an event better (risk-rules for rule sets) refuse what they could not
 * apply, so nothing unusable ever reaches the journal.
 */
@FunctionalInterface
public interface InputCheck {

    /** @throws IllegalArgumentException saying why the event is refused */
    void check(Event event);
}
