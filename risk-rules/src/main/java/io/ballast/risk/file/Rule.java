package io.ballast.risk.file;

import io.ballast.engine.decision.Severity;
import io.ballast.engine.model.Labelled;
import io.ballast.risk.expr.CompiledCondition;

/**
 * One rule of a rule file.
 *
 * @param when            CEL condition that starts the alert
 * @param clearWhen       CEL condition that ends it; null means "when {@code when} stops holding"
 * @param cooldownSeconds least time between two firings of the same subject (0: none)
 * @param location        {@code file:line:col} where the rule starts, for messages
 */
public record Rule(String id, String description, RuleScope scope, CompiledCondition when, CompiledCondition clearWhen,
                   Severity severity, Action action, long cooldownSeconds, String location) {

    public enum Action implements Labelled {
        ALERT("alert"),
        REBALANCE("rebalance"),
        LIQUIDATE("liquidate");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }
}
