package io.ballast.risk.eval;

import java.math.BigInteger;

/**
 * A hypothetical change of inventory for a pre-trade check.
 *
 * @param baseUnits positive to receive, negative to send
 */
public record Trade(String chain, String asset, BigInteger baseUnits) {
}
