package io.ballast.engine.model;

/**
 * How a chain's safe and finalized heights are learned.
 *
 * @param mode           {@code TAGS}: from the node's {@code safe}/{@code finalized} block tags (finality events);
 *                       {@code DEPTH}: derived from the head by confirmation counts
 * @param safeDepth      confirmations after which a block is safe (DEPTH only)
 * @param finalizedDepth confirmations after which a block is final (DEPTH only)
 */
public record Finality(Mode mode, int safeDepth, int finalizedDepth) {

    public enum Mode { TAGS, DEPTH }

    public Finality {
        if (mode == Mode.DEPTH && (safeDepth < 0 || finalizedDepth < safeDepth)) {
            throw new IllegalArgumentException("depth finality needs 0 <= safeDepth <= finalizedDepth, got " + safeDepth + "/" + finalizedDepth);
        }
    }

    public static Finality tags() {
        return new Finality(Mode.TAGS, 0, 0);
    }

    public static Finality depth(int safeDepth, int finalizedDepth) {
        return new Finality(Mode.DEPTH, safeDepth, finalizedDepth);
    }
}
