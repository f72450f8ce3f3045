package io.ballast.engine.codec;

/** A rejected line of an event file. {@link #toString()} is {@code file:line: reason}. */
public record EventLineError(String file, long line, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
