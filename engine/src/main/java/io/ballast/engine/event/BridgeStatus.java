package io.ballast.engine.event;

/** Life of a transfer between chains. */
public enum BridgeStatus {
    INITIATED("initiated"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String label;

    BridgeStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static BridgeStatus fromLabel(String label) {
        for (BridgeStatus status : values()) {
            if (status.label.equals(label)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown bridge status '" + label + "' (expected initiated, completed or failed)");
    }
}
