package io.ballast.engine.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SortedMap;

/**
 * The current state of a margin position on a venue; replaces any earlier observation of the same id.
 * A position with neither collateral nor debt is closed.
 *
 * @param collateral           base units per asset
 * @param debt                 base units per asset
 * @param liquidationThreshold fraction of collateral value that may be borrowed before liquidation
 */
public record PositionObserved(String id, String venue, SortedMap<String, BigInteger> collateral,
                               SortedMap<String, BigInteger> debt, BigDecimal liquidationThreshold) implements Event {
}
