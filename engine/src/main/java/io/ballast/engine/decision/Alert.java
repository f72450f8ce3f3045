package io.ballast.engine.decision;

/**
 * A rule's condition started ({@code firing}) or stopped ({@code resolved}) holding.
 *
 * @param value     the observed value that crossed the threshold
 * @param eventTime engine clock when it happened (unix seconds)
 */
public record Alert(String id, String rule, Severity severity, State state, Scope scope, double value, double threshold,
                    long journalSeq, long eventTime, String message) implements Decision {

    public enum State {
        FIRING("firing"),
        RESOLVED("resolved");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    @Override
    public String subject() {
        return rule + "/" + scope.key();
    }
}
