package io.ballast.risk.eval;

/**
 * Where an asset of an inventory section stands on one of its chains, as the rebalancer sees it.
 *
 * @param allocation the chain's virtual balance over the asset's (haircut-weighted, in-flight and orders counted); NaN while the inventory is incomplete
 * @param target     the section's target for the chain (0 for the hub)
 * @param threshold  below this an order is due (0 for the hub)
 * @param hub        whether rebalances are sent from this chain
 */
public record Allocation(String asset, String chain, double allocation, double target, double threshold, boolean hub) {
}
