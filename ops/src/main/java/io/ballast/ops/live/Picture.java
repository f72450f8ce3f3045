package io.ballast.ops.live;

import java.util.List;
import java.util.Optional;

/**
 * What the dashboard, {@code /api/exposure} and the metrics show: one consistent read of the state
 * plus each chain actor's view of its head. Amounts are exact decimal strings in whole tokens or USD.
 *
 * @param inputSeq    the last journalled input the picture reflects
 * @param engineClock the engine's clock (unix seconds of the latest event)
 */
public record Picture(long inputSeq, long engineClock, String actionMode, boolean killSwitch, List<ChainRow> chains,
                      List<AssetRow> assets, UsdByTier usd, List<TransferRow> inFlight,
                      List<PositionRow> positions, List<AlertRow> firing, List<DecisionRow> recent) {

    /** The row of a chain, if the engine has seen it. */
    public Optional<ChainRow> chain(String name) {
        return chains.stream().filter(row -> row.name().equals(name)).findFirst();
    }

    /**
     * @param headAgeSeconds    wall-clock seconds since the chain's newest block reached Ballast; -1 before any
     * @param safeLagBlocks     head minus the safe block; -1 while unknown
     * @param finalityLagBlocks head minus the finalized block; -1 while unknown
     */
    public record ChainRow(String name, String kind, double blockTimeSeconds, long head, long safe, long finalized,
                           double headAgeSeconds, long safeLagBlocks, long finalityLagBlocks, boolean stalled, long reorgs,
                           long lastReorgDepth) {
    }

    public record AssetRow(String asset, String priceUsd, long priceAgeSeconds, boolean priceStale, String totalUsd,
                           List<HoldingRow> chains) {
    }

    /**
     * @param allocation the rebalancer's allocation (fraction), null when the asset has no inventory section or it is incomplete
     * @param target     null without an inventory section for the chain
     */
    public record HoldingRow(String chain, String pending, String unsafe, String safe, String finalized, String usd,
                             String inFlightTo, Double allocation, Double target, Double threshold, boolean hub) {
    }

    public record UsdByTier(String pending, String unsafe, String safe, String finalized, String inFlight, String liabilities) {
    }

    public record TransferRow(String id, String asset, String from, String to, String amount, long ageSeconds,
                              long expectedSeconds, boolean overdue) {
    }

    public record PositionRow(String id, String venue, String healthFactor) {
    }

    /** An alert firing now; rule and severity are known when it fired while this process ran. */
    public record AlertRow(String subject, String severity, long since, String message) {
    }

    public record DecisionRow(String id, String type, String severity, String state, long journalSeq, String text) {
    }
}
