package io.ballast.engine.model;

/** How a chain settles, which decides how far its unconfirmed inventory can be trusted. */
public enum ChainKind {
    L1("l1"),
    OPTIMISTIC_ROLLUP("optimistic-rollup"),
    ZK_ROLLUP("zk-rollup"),
    SIDECHAIN("sidechain");

    private final String label;

    ChainKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ChainKind fromLabel(String label) {
        for (ChainKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown chain kind '" + label + "' (expected l1, optimistic-rollup, zk-rollup or sidechain)");
    }
}
