package io.ballast.engine.decision;

import io.ballast.engine.model.Labelled;

/** How urgent an alert is. */
public enum Severity implements Labelled {
    INFO("info"),
    WARNING("warning"),
    CRITICAL("critical");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
