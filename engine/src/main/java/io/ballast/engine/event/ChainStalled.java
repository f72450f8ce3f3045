package io.ballast.engine.event;

/**
 * A chain's source saw no new block for longer than the chain's stall limit, at {@code timestamp}
 * (unix seconds, the observer's clock). It moves the engine clock, so time-based rules
 * ({@code seconds_since_head}) see the silence, and it marks the chain stalled until its next block.
 * Being journalled, a replay sees the same stall at the same point.
 */
public record ChainStalled(String chain, long timestamp) implements Event {

    @Override
    public long eventTime() {
        return timestamp;
    }
}
