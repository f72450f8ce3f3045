package io.ballast.engine.state;

import io.ballast.engine.event.ObligationObserved;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.model.Amounts;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The exposure as plain text, one fact per line, amounts in whole tokens. Deterministic, so golden
 * scenarios compare it line by line:
 *
 * <pre>
 * clock 1700000100
 * chain arbitrum head 103 0xa3 safe 101 finalized 100 reorgs 1 last-reorg-depth 3 refused-reorgs 0
 * balance arbitrum USDC 0xdesk finalized 1000 safe 0 unsafe -25 pending 0
 * asset USDC finalized 1000 safe 0 unsafe -25 pending 0 in-flight 250
 * pending base 0x02 USDC 0xuser->0xdesk 10
 * in-flight b-1 USDC ethereum->arbitrum 250 due 1700000900 overdue no
 * price ETH 3000.00 age 100 stale no
 * position p-1 aave-arbitrum health-factor 1.2375
 * obligation o-1 USDC base 5000
 * </pre>
 */
public final class ExposureReport {

    private ExposureReport() {
    }

    public static String render(ExposureState state) {
        StringBuilder out = new StringBuilder();
        out.append("clock ").append(state.clock()).append('\n');
        for (ChainState c : state.chains()) {
            out.append("chain ").append(c.name()).append(" head ").append(c.head()).append(' ').append(c.headHash().isEmpty() ? "-" : c.headHash())
                    .append(" safe ").append(c.safe()).append(" finalized ").append(c.finalized())
                    .append(" reorgs ").append(c.reorgCount()).append(" last-reorg-depth ").append(c.lastReorgDepth())
                    .append(" refused-reorgs ").append(c.refusedReorgs()).append('\n');
        }
        SortedMap<String, TierAmounts> byAccount = new TreeMap<>();
        SortedMap<String, TierAmounts> byAsset = new TreeMap<>();
        state.balances().forEach((key, tiers) -> {
            byAccount.merge(key.chain() + " " + key.asset() + " " + key.account(), tiers, TierAmounts::plus);
            byAsset.merge(key.asset(), tiers, TierAmounts::plus);
        });
        byAccount.forEach((line, tiers) -> out.append("balance ").append(line).append(' ')
                .append(tiers(state, line.split(" ")[1], tiers)).append('\n'));
        state.inFlight().values().forEach(t -> byAsset.putIfAbsent(t.asset(), TierAmounts.ZERO));
        byAsset.forEach((asset, tiers) -> {
            BigInteger inFlight = state.inFlight().values().stream().filter(t -> t.asset().equals(asset))
                    .map(InFlightTransfer::amount).reduce(BigInteger.ZERO, BigInteger::add);
            out.append("asset ").append(asset).append(' ').append(tiers(state, asset, tiers))
                    .append(" in-flight ").append(tokens(state, asset, inFlight)).append('\n');
        });
        for (PendingEntry entry : state.pendingTransfers()) {
            PendingTransferObserved t = entry.transfer();
            out.append("pending ").append(t.chain()).append(' ').append(t.txHash()).append(' ').append(t.asset()).append(' ')
                    .append(t.from()).append("->").append(t.to()).append(' ').append(tokens(state, t.asset(), t.amount())).append('\n');
        }
        for (InFlightTransfer t : state.inFlight().values()) {
            out.append("in-flight ").append(t.id()).append(' ').append(t.asset()).append(' ').append(t.fromChain()).append("->")
                    .append(t.toChain()).append(' ').append(tokens(state, t.asset(), t.amount())).append(" due ").append(t.dueAt())
                    .append(" overdue ").append(t.isOverdue(state.clock()) ? "yes" : "no").append('\n');
        }
        Valuation valuation = state.valuation();
        for (PriceObserved p : state.prices().values()) {
            out.append("price ").append(p.asset()).append(' ').append(p.usd().toPlainString()).append(" age ")
                    .append(valuation.priceAgeSeconds(p.asset())).append(" stale ").append(valuation.isStale(p.asset()) ? "yes" : "no")
                    .append('\n');
        }
        for (PositionObserved p : state.positions().values()) {
            Valuation.HealthFactor health = valuation.healthFactor(p.id());
            out.append("position ").append(p.id()).append(' ').append(p.venue()).append(" health-factor ");
            if (health.debtFree()) {
                out.append("no-debt");
            } else if (health.value().isPresent()) {
                out.append(health.value().get().setScale(4, RoundingMode.HALF_EVEN).toPlainString());
            } else {
                out.append("unknown unpriced ").append(String.join(",", health.unpriced()));
            }
            out.append('\n');
        }
        for (ObligationObserved o : state.obligations().values()) {
            out.append("obligation ").append(o.id()).append(' ').append(o.asset()).append(' ').append(o.chain().isEmpty() ? "-" : o.chain())
                    .append(' ').append(tokens(state, o.asset(), o.amount())).append('\n');
        }
        return out.toString();
    }

    private static String tiers(ExposureState state, String asset, TierAmounts t) {
        return "finalized " + tokens(state, asset, t.finalized()) + " safe " + tokens(state, asset, t.safe())
                + " unsafe " + tokens(state, asset, t.unsafe()) + " pending " + tokens(state, asset, t.pending());
    }

    private static String tokens(ExposureState state, String asset, BigInteger baseUnits) {
        return Amounts.toDecimalString(baseUnits, state.catalogue().asset(asset).orElseThrow().decimals());
    }
}
