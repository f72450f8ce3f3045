package io.ballast.risk.file;

import io.ballast.engine.model.Tier;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

/** The weight each finality tier's inflows get when the balance is haircut-weighted (fractions 0..1). */
public record Haircuts(Map<Tier, BigDecimal> weights) {

    public static Haircuts defaults() {
        Map<Tier, BigDecimal> weights = new EnumMap<>(Tier.class);
        weights.put(Tier.PENDING, BigDecimal.ZERO);
        weights.put(Tier.UNSAFE, new BigDecimal("0.5"));
        weights.put(Tier.SAFE, new BigDecimal("0.95"));
        weights.put(Tier.FINALIZED, BigDecimal.ONE);
        return new Haircuts(weights);
    }

    public Haircuts {
        weights = Map.copyOf(weights);
    }

    public BigDecimal weight(Tier tier) {
        return weights.get(tier);
    }
}
