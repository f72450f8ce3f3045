package io.ballast.risk.file;

import java.math.BigInteger;
import java.util.List;

/**
 * How one asset's inventory should be spread over chains; rebalances are sent from {@code hub}.
 *
 * @param maxAmount       largest order, in base units
 * @param minAmount       smallest order worth sending, in base units
 * @param cooldownSeconds least time between two orders toward the same chain
 */
public record InventoryTarget(String asset, String hub, List<ChainTarget> chains, BigInteger maxAmount, BigInteger minAmount,
                              long cooldownSeconds) {

    public InventoryTarget {
        chains = List.copyOf(chains);
    }
}
