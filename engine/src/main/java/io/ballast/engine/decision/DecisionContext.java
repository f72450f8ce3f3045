package io.ballast.engine.decision;

import io.ballast.engine.state.Incident;
import java.util.ArrayList;
import java.util.List;

/** What a {@link DecisionMaker} gets for one input: its sequence, its incidents, and deterministic ids. */
public final class DecisionContext {

    private long causeSeq;
    private final List<Incident> incidents;
    /** Created on the first decision: most inputs decide nothing. */
    private List<Decision> decisions;
    /** The subject of each id handed out for this input, in order; created with the first. */
    private List<String> subjects;

    public DecisionContext(long causeSeq, List<Incident> incidents) {
        this.causeSeq = causeSeq;
        this.incidents = incidents;
    }

    /**
     * Starts over for the input journalled at {@code causeSeq}: no decisions, no ids handed out. A
     * pipeline reuses one context this way, so an input that decides nothing allocates nothing. For
     * whoever runs the decision makers, not for a decision maker: it would drop the input's decisions.
     */
    public void startInput(long causeSeq) {
        this.causeSeq = causeSeq;
        if (decisions != null) {
            decisions.clear();
        }
        if (subjects != null) {
            subjects.clear();
        }
    }

    /** Journal sequence of the input being decided on. */
    public long causeSeq() {
        return causeSeq;
    }

    /** Incidents the state machine noticed while applying the input. */
    public List<Incident> incidents() {
        return incidents;
    }

    /**
     * The id for the next decision about {@code subject}; use it for exactly one decision. Ids are
     * counted per subject, so a decision's id does not depend on what else the input caused: whoever
     * decides about a subject (one engine, or the partition that owns it) gives it the same id.
     */
    public String nextId(String subject) {
        if (subjects == null) {
            subjects = new ArrayList<>(2);
        }
        int ordinal = 0;
        for (int i = 0; i < subjects.size(); i++) {
            if (subjects.get(i).equals(subject)) {
                ordinal++;
            }
        }
        subjects.add(subject);
        return DecisionIds.of(causeSeq, ordinal, subject);
    }

    public void emit(Decision decision) {
        if (decisions == null) {
            decisions = new ArrayList<>();
        }
        decisions.add(decision);
    }

    public List<Decision> decisions() {
        return decisions == null ? List.of() : decisions;
    }
}
