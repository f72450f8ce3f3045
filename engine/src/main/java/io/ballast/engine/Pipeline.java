package io.ballast.engine;

import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.decision.DecisionMaker;
import io.ballast.engine.event.Event;
import io.ballast.engine.journal.JournalInput;
import io.ballast.engine.state.ExposureState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * State plus decision makers: the one code path for live inputs and replayed ones. An input that
 * throws while it is applied or decided on (a poison input) is quarantined: its decisions are
 * dropped, its journal position and the reason are kept, and the next input goes on. A replay meets
 * the same failure at the same input, so live and replayed states still agree.
 */
final class Pipeline {

    private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());

    private final ExposureState state;
    private final List<DecisionMaker> decisionMakers;
    private final List<Quarantined> quarantined = new ArrayList<>();
    private PipelineTiming timing = PipelineTiming.NONE;
    /** Reused from input to input; its decisions are copied out before the next. */
    private final DecisionContext context;

    Pipeline(ExposureState state, List<DecisionMaker> decisionMakers) {
        this.state = state;
        this.decisionMakers = List.copyOf(decisionMakers);
        this.context = new DecisionContext(state.inputSeq(), state.incidents());
    }

    /** From now on each applied input is timed (a live engine sets it once recovery is done). */
    void timing(PipelineTiming timing) {
        this.timing = timing;
    }

    ExposureState state() {
        return state;
    }

    /** Inputs quarantined since this pipeline started, oldest first. */
    List<Quarantined> quarantined() {
        return Collections.unmodifiableList(quarantined);
    }

    /** A decision with its decision sequence number. */
    record Numbered(long seq, Decision decision) {
    }

    /** Applies a journalled input and returns the decisions it caused, numbered, in order. */
    List<Numbered> apply(JournalInput input) {
        return apply(input.index(), input.seq(), input.source(), input.sourcePosition(), input.event());
    }

    /** {@link #apply(JournalInput)} of an input just journalled at {@code index}, without a record for it. */
    List<Numbered> apply(long index, long seq, String source, long sourcePosition, Event event) {
        if (seq != state.inputSeq() + 1) {
            throw new IllegalStateException("journal input seq " + seq + " does not follow " + state.inputSeq()
                    + ": the journal has a gap or was appended to out of order");
        }
        context.startInput(seq);
        try {
            boolean timed = timing != PipelineTiming.NONE;
            long start = timed ? System.nanoTime() : 0;
            state.apply(seq, event);
            if (!source.isEmpty()) {
                state.recordSourcePosition(source, sourcePosition);
            }
            long applied = timed ? System.nanoTime() : 0;
            for (int i = 0; i < decisionMakers.size(); i++) {
                decisionMakers.get(i).decide(event, state, context);
            }
            if (timed) {
                timing.applied(event, applied - start, System.nanoTime() - applied);
            }
        } catch (RuntimeException e) {
            Quarantined poison = new Quarantined(index, seq, e.getClass().getSimpleName() + ": " + e.getMessage());
            quarantined.add(poison);
            LOG.log(System.Logger.Level.ERROR, "quarantined input " + poison.seq() + " at journal index " + poison.journalIndex()
                    + ": " + poison.reason(), e);
            return List.of();
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
