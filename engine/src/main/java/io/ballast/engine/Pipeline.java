package io.ballast.engine;

import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.decision.DecisionMaker;
import io.ballast.engine.journal.JournalInput;
import io.ballast.engine.state.ExposureState;
import java.util.ArrayList;
import java.util.List;

/** State plus decision makers: the one code path for live inputs and replayed ones. */
final class Pipeline {

    private final ExposureState state;
    private final List<DecisionMaker> decisionMakers;

    Pipeline(ExposureState state, List<DecisionMaker> decisionMakers) {
        this.state = state;
        this.decisionMakers = List.copyOf(decisionMakers);
    }

    ExposureState state() {
        return state;
    }

    /** A decision with its decision sequence number. */
    record Numbered(long seq, Decision decision) {
    }

    /** Applies a journalled input and returns the decisions it caused, numbered, in order. */
    List<Numbered> apply(JournalInput input) {
        if (input.seq() != state.inputSeq() + 1) {
            throw new IllegalStateException("journal input seq " + input.seq() + " does not follow " + state.inputSeq()
                    + ": the journal has a gap or was appended to out of order");
        }
        state.apply(input.seq(), input.event());
        if (!input.source().isEmpty()) {
            state.recordSourcePosition(input.source(), input.sourcePosition());
        }
        DecisionContext context = new DecisionContext(input.seq(), state.incidents());
        for (int i = 0; i < decisionMakers.size(); i++) {
            decisionMakers.get(i).decide(input.event(), state, context);
        }
        List<Decision> decisions = context.decisions();
        if (decisions.isEmpty()) {
            return List.of();
        }
        List<Numbered> numbered = new ArrayList<>(decisions.size());
        for (Decision decision : decisions) {
            numbered.add(new Numbered(state.nextDecisionSeq(), decision));
        }
        return numbered;
    }
}
