package io.ballast.risk.eval;

import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.decision.Scope;
import io.ballast.engine.decision.Severity;
import io.ballast.engine.state.AlertBook;
import io.ballast.engine.state.ExposureState;

/** The alerts Ballast raises by itself (an inventory incomplete, an order blocked), with the rules' life cycle. */
final class BuiltInAlerts {

    private BuiltInAlerts() {
    }

    /** Fires or resolves a built-in alert so it, too, is said once when it starts and once when it ends. */
    static void toggle(ExposureState state, DecisionContext context, String rule, Scope scope, String subject,
                               Severity severity, boolean holds, String message) {
        AlertBook book = state.alerts();
        if (holds == book.isFiring(subject)) {
            return;
        }
        if (holds) {
            book.fire(subject, state.clock());
        } else {
            book.resolve(subject);
        }
        context.emit(new Alert(context.nextId(subject), rule, severity, holds ? Alert.State.FIRING : Alert.State.RESOLVED, scope,
                Double.NaN, Double.NaN, context.causeSeq(), state.clock(), holds ? message : rule + " cleared"));
    }
}
