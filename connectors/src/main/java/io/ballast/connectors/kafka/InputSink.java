package io.ballast.connectors.kafka;

import io.ballast.engine.event.Event;

/**
 * Where input events go: {@code Ballast::submit}. It journals an event read at {@code position} of
 * {@code source} at most once (a repeat returns false), and throws {@link IllegalArgumentException} for an
 * event it refuses; anything else it throws means it could not take the event now.
 */
@FunctionalInterface
public interface InputSink {

    boolean submit(String source, long position, Event event);
}
