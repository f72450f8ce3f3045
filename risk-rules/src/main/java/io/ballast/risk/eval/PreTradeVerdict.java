package io.ballast.risk.eval;

import java.util.List;
import java.util.SortedMap;

/**
 * What a trade would do, from the live state, changing nothing.
 *
 * @param wouldFire        rule subjects ({@code rule/scope}) not firing now that the trade would make fire
 * @param alreadyFiring    rule subjects firing now whose condition still holds after the trade
 * @param allocationBefore the asset's allocation per chain now (fractions), when it has an inventory section
 * @param allocationAfter  the same after the trade
 */
public record PreTradeVerdict(List<String> wouldFire, List<String> alreadyFiring, SortedMap<String, Double> allocationBefore,
                              SortedMap<String, Double> allocationAfter) {

    /** Whether the trade would break a rule that holds now. */
    public boolean breaksRules() {
        return !wouldFire.isEmpty();
    }
}
