package io.ballast.connectors.chain;

import io.ballast.engine.event.Event;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where a chain source hands its events, in order. The answer completes once they are taken (for the
 * actor pipeline: journalled); the source sends nothing more until then, which is its backpressure.
 */
@FunctionalInterface
public interface ChainSink {

    CompletionStage<?> accept(List<Event> events);
}
