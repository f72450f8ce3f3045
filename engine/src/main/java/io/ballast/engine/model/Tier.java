package io.ballast.engine.model;

/** Finality tier of a balance change, from least to most certain. */
public enum Tier implements Labelled {
    /** Seen in the mempool, not yet in a block. */
    PENDING("pending"),
    /** In a block that may still be reorganised away. */
    UNSAFE("unsafe"),
    /** In a block whose data is posted to L1 (or past the safe tag / depth). */
    SAFE("safe"),
    /** Irreversible. */
    FINALIZED("finalized");

    private final String label;

    Tier(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static Tier fromLabel(String label) {
        return Labelled.fromLabel(Tier.class, label, "tier");
    }
}
