/**
 * The domain vocabulary: chains, assets, finality tiers and the catalogue of well-known chains and
 * assets, plus exact conversion between decimal token amounts and integer base units.
 *
 * <p>Amounts are never floating point: balances are {@link java.math.BigInteger} base units (the
 * uint256 of the chain), prices are {@link java.math.BigDecimal}.
 */
package io.ballast.engine.model;
