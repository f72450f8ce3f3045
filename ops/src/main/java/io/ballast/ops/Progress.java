package io.ballast.ops;

import java.io.PrintStream;

/**
 * Progress of long work: on a terminal one line redrawn in place, otherwise a plain line now and
 * then (every 100,000 events), so logs stay readable.
 */
final class Progress {

    private static final long PLAIN_EVERY = 100_000;

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private long lastPlain;
    private boolean drawn;

    Progress(PrintStream out) {
        this.out = out;
    }

    void show(long events) {
        if (terminal) {
            out.print("\r" + "events " + events);
            drawn = true;
        } else if (events - lastPlain >= PLAIN_EVERY) {
            out.println("progress: " + events + " events");
            lastPlain = events;
        }
    }

    void done() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }
}
