package io.ballast.engine.event;

import java.math.BigInteger;

/**
 * An absolute balance of one account, as of the end of {@code block} (e.g. from {@code balanceOf}).
 *
 * @param block the block the observation was read at, or {@link Event#NONE} for the chain's current head
 */
public record BalanceObserved(String chain, String asset, String token, String account, BigInteger amount, long block)
        implements Event {
}
