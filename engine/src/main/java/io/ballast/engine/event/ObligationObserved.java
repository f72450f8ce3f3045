package io.ballast.engine.event;

import java.math.BigInteger;

/**
 * A liability of the desk (a fill owed, a borrowed amount); replaces any earlier observation of the
 * same id. Only {@code open} obligations count toward liabilities.
 *
 * @param chain where it is owed, or empty when it is not tied to a chain
 */
public record ObligationObserved(String id, String asset, String chain, BigInteger amount, boolean open) implements Event {
}
