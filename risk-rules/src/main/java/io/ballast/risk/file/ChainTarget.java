package io.ballast.risk.file;

import java.math.BigDecimal;

/** Target and rebalance threshold of one chain's share of an asset, as fractions ({@code 0.10} is 10%). */
public record ChainTarget(String chain, BigDecimal target, BigDecimal threshold) {
}
