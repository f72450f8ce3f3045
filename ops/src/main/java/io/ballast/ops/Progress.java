package io.ballast.ops;

import java.io.PrintWriter;

/**
 * Progress of long work: on a terminal a bar redrawn in place (a counter when the total is not
 * known), otherwise a plain line every 100,000 events, so logs stay readable.
 */
final class Progress {

    private static final long PLAIN_EVERY = 100_000;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final long total;
    private final boolean terminal = onTerminal();
    private long lastPlain;
    private long lastDrawn = -1;
    private boolean drawn;

    /** @param total the events expected, or 0 when unknown */
    Progress(PrintWriter out, long total) {
        this.out = out;
        this.total = total;
    }

    static boolean onTerminal() {
        return System.console() != null;
    }

    long total() {
        return total;
    }

    void show(long events) {
        if (terminal) {
            if (events - lastDrawn < 1_000 && events != total) {
                return;
            }
            lastDrawn = events;
            out.print("\r" + (total > 0 ? bar(events) : "events " + events));
            out.flush();
            drawn = true;
        } else if (events - lastPlain >= PLAIN_EVERY) {
            out.println("progress: " + events + " events");
            lastPlain = events;
        }
    }

    private String bar(long events) {
        int filled = (int) Math.min(WIDTH, events * WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + Math.min(100, events * 100 / total) + "% " + events + "/" + total
                + " events";
    }

    void done() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }
}
