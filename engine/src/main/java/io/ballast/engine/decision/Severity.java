package io.ballast.engine.decision;

public enum Severity {
    INFO("info"),
    WARNING("warning"),
    CRITICAL("critical");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
