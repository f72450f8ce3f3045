package io.ballast.engine.decision;

import io.ballast.engine.event.Event;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.Incident;
import io.ballast.engine.state.LedgerKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code balance-drift} warning for every absolute balance observation that differed from the
 * balance the engine had computed for that block, by even one base unit: a transfer was missed, or
 * counted that should not have been. The observation itself corrects the ledger. Live chain sources
 * reconcile against {@code balanceOf} / {@code eth_getBalance} and want this; back-tests of event
 * files that restate balances on purpose leave it out, so it is added, not built in.
 */
public final class BalanceDriftAlerts implements DecisionMaker {

    public static final String RULE = "balance-drift";

    @Override
    public void decide(Event event, ExposureState state, DecisionContext context) {
        List<Incident> incidents = context.incidents();
        for (int i = 0; i < incidents.size(); i++) {
            if (incidents.get(i) instanceof Incident.BalanceDrift drift) {
                LedgerKey key = drift.ledger();
                Scope scope = new Scope("asset-chain", new TreeMap<>(Map.of("asset", key.asset(), "chain", key.chain())));
                int decimals = state.catalogue().asset(key.asset()).orElseThrow().decimals();
                context.emit(new Alert(context.nextId(RULE + "/" + scope.key()), RULE, Severity.WARNING, Alert.State.FIRING, scope,
                        Amounts.toTokensDouble(drift.observed().subtract(drift.computed()), decimals), 0, context.causeSeq(), state.clock(),
                        key.account() + " holds " + drift.observed() + " base units of " + key.token() + " at block " + drift.block()
                                + " where the engine counted " + drift.computed() + "; corrected to the observed balance"));
            }
        }
    }
}
