package io.ballast.connectors.kafka;

/**
 * What happens to rebalance and liquidation orders. In {@code monitor-only}, the default, an order is a
 * proposal: it goes to the proposals topic, which nothing executes. In {@code publish} it goes to the
 * actions topic, where executors act on it.
 */
public enum ActionMode {
    MONITOR_ONLY("monitor-only"),
    PUBLISH("publish");

    private final String label;

    ActionMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
