package io.ballast.engine.decision;

import io.ballast.engine.event.Event;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.Incident;
import java.util.List;

/**
 * The engine's own alert: a block that conflicts with a finalized one is refused, never applied, and
 * reported as a critical {@code reorg-below-finalized} alert (a node or a source is lying or broken).
 */
public final class ReorgRefusalAlerts implements DecisionMaker {

    public static final String RULE = "reorg-below-finalized";

    @Override
    public void decide(Event event, ExposureState state, DecisionContext context) {
        List<Incident> incidents = context.incidents();
        for (int i = 0; i < incidents.size(); i++) {
            Incident incident = incidents.get(i);
            if (incident instanceof Incident.ReorgRefused refused) {
                Scope scope = Scope.chain(refused.chain());
                context.emit(new Alert(context.nextId(RULE + "/" + scope.key()), RULE, Severity.CRITICAL, Alert.State.FIRING,
                        scope, refused.block(), refused.finalized(), context.causeSeq(), state.clock(),
                        "block " + refused.block() + " offered as " + refused.offeredHash() + " conflicts with "
                                + refused.knownHash() + " at or below finalized height " + refused.finalized() + "; refused"));
            }
        }
    }
}
