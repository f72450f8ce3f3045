package io.ballast.engine.model;

/** Finality tier of a balance change, from least to most certain. */
public enum Tier {
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

    public String label() {
        return label;
    }

    public static Tier fromLabel(String label) {
        for (Tier tier : values()) {
            if (tier.label.equals(label)) {
                return tier;
            }
        }
        throw new IllegalArgumentException("unknown tier '" + label + "' (expected pending, unsafe, safe or finalized)");
    }
}
