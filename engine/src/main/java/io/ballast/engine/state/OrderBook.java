package io.ballast.engine.state;

import static io.ballast.engine.event.Event.NONE;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Rebalance orders issued and not yet seen executing, and when each route last got an order. An
 * outstanding order counts toward its destination (and against its source) so a shortfall is never
 * ordered twice; it leaves the book when a bridge transfer with the order's id appears, or when it
 * expires unexecuted. It also keeps the USD notional of the orders of the last hour, for the hourly
 * cap on orders. Part of the state.
 */
public final class OrderBook {

    /** An order waiting for its bridge transfer. */
    public record Outstanding(String id, String asset, String fromChain, String toChain, BigInteger amount, long issuedAt) {
    }

    final TreeMap<String, Outstanding> outstanding = new TreeMap<>();
    final TreeMap<String, Long> lastOrderAt = new TreeMap<>();
    /** Notional of each order made in the last hour of engine time, oldest first. */
    final List<Spent> spent = new ArrayList<>();
    private long changes;
    /** The earliest issue time of an outstanding order, or -1 when not known (then found by a scan). */
    private long earliestIssuedAt = NONE;

    public void issue(Outstanding order, String route) {
        outstanding.put(order.id(), order);
        lastOrderAt.put(route, order.issuedAt());
        changes++;
        if (earliestIssuedAt != NONE) {
            earliestIssuedAt = Math.min(earliestIssuedAt, order.issuedAt());
        }
    }

    /** Grows whenever an order is issued, executed or expires: a reader may cache sums over the orders while it stays. */
    public long changes() {
        return changes;
    }

    /** The USD notional of an order made at {@code at} (engine seconds). */
    public record Spent(long at, BigDecimal usd) {
    }

    /** Counts an order's notional toward the hourly cap; forgets what is more than an hour older. */
    public void spend(long at, BigDecimal usd) {
        spent.removeIf(entry -> entry.at() <= at - HOUR_SECONDS);
        spent.add(new Spent(at, usd));
    }

    /** USD notional of the orders made in the hour up to {@code now}. */
    public BigDecimal spentInHourTo(long now) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Spent entry : spent) {
            if (entry.at() > now - HOUR_SECONDS) {
                sum = sum.add(entry.usd());
            }
        }
        return sum;
    }

    private static final long HOUR_SECONDS = 3600;

    /** Engine time the route last got an order, or -1. */
    public long lastOrderAt(String route) {
        return lastOrderAt.getOrDefault(route, NONE);
    }

    public BigInteger outstandingTo(String asset, String chain) {
        return sum(asset, chain, true);
    }

    public BigInteger outstandingFrom(String asset, String chain) {
        return sum(asset, chain, false);
    }

    /** Drops orders issued before {@code issuedBefore}; they were never executed. */
    public void expire(long issuedBefore) {
        if (outstanding.isEmpty() || earliestIssuedAt() >= issuedBefore) {
            return;
        }
        outstanding.values().removeIf(order -> order.issuedAt() < issuedBefore);
        changes++;
        earliestIssuedAt = NONE;
    }

    void executed(String id) {
        if (outstanding.remove(id) != null) {
            changes++;
            earliestIssuedAt = NONE;
        }
    }

    private long earliestIssuedAt() {
        if (earliestIssuedAt == NONE) {
            earliestIssuedAt = outstanding.values().stream().mapToLong(Outstanding::issuedAt).min().orElse(Long.MAX_VALUE);
        }
        return earliestIssuedAt;
    }

    public SortedMap<String, Outstanding> outstanding() {
        return Collections.unmodifiableSortedMap(outstanding);
    }

    private BigInteger sum(String asset, String chain, boolean toward) {
        BigInteger sum = BigInteger.ZERO;
        for (Outstanding order : outstanding.values()) {
            if (order.asset().equals(asset) && (toward ? order.toChain() : order.fromChain()).equals(chain)) {
                sum = sum.add(order.amount());
            }
        }
        return sum;
    }
}
