package io.ballast.engine.journal;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.DecisionJson;
import java.util.function.Consumer;

/**
 * Prints a journal as text: one line per record, inputs then decisions, each with its sequence,
 * Chronicle index and source, followed by the record as JSON.
 */
public final class JournalDump {

    private final EventJson events;
    private final DecisionJson decisions;

    public JournalDump(EventJson events, DecisionJson decisions) {
        this.events = events;
        this.decisions = decisions;
    }

    public void dump(Journal journal, Consumer<String> out) {
        journal.readInputs(-1, input -> out.accept("input " + input.seq() + " @" + Long.toHexString(input.index())
                + (input.source().isEmpty() ? "" : " " + input.source() + ":" + input.sourcePosition())
                + " " + events.write(input.event())));
        journal.readDecisions(d -> out.accept("decision " + d.seq() + " @" + Long.toHexString(d.index()) + " "
                + decisions.write(d.decision())));
    }
}
