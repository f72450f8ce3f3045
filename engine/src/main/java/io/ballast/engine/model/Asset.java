package io.ballast.engine.model;

import java.util.Objects;

/**
 * A fungible asset. Token contracts per chain are held by the {@link Catalogue}, because several
 * contracts on one chain may map to one asset (USDC and a bridged USDC, for instance).
 *
 * @param decimals how many base units make one token ({@code 10^decimals})
 */
public record Asset(String symbol, int decimals) {

    public Asset {
        Objects.requireNonNull(symbol, "symbol");
        if (decimals < 0 || decimals > 36) {
            throw new IllegalArgumentException("asset " + symbol + ": decimals must be 0..36, got " + decimals);
        }
    }
}
