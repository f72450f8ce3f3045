package io.ballast.engine.event;

import io.ballast.engine.model.Tier;

/** The chain's {@code safe} or {@code finalized} height moved to {@code number}. */
public record FinalityAdvanced(String chain, Tier tier, long number) implements Event {

    public FinalityAdvanced {
        if (tier != Tier.SAFE && tier != Tier.FINALIZED) {
            throw new IllegalArgumentException("finality tier must be safe or finalized, got " + tier.label());
        }
    }
}
