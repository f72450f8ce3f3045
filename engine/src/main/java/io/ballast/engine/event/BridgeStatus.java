package io.ballast.engine.event;

import io.ballast.engine.model.Labelled;

/** Life of a transfer between chains. */
public enum BridgeStatus implements Labelled {
    INITIATED("initiated"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String label;

    BridgeStatus(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static BridgeStatus fromLabel(String label) {
        return Labelled.fromLabel(BridgeStatus.class, label, "bridge status");
    }
}
