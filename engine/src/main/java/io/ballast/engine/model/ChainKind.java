package io.ballast.engine.model;

/** How a chain settles, which decides how far its unconfirmed inventory can be trusted. */
public enum ChainKind implements Labelled {
    L1("l1"),
    OPTIMISTIC_ROLLUP("optimistic-rollup"),
    ZK_ROLLUP("zk-rollup"),
    SIDECHAIN("sidechain");

    private final String label;

    ChainKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static ChainKind fromLabel(String label) {
        return Labelled.fromLabel(ChainKind.class, label, "chain kind");
    }
}
