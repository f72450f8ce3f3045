package io.ballast.engine.event;

/** A block header. A known number with a new hash, or a parent that does not match, is a reorg. */
public record BlockObserved(String chain, long number, String hash, String parentHash, long timestamp) implements Event {

    @Override
    public long eventTime() {
        return timestamp;
    }
}
