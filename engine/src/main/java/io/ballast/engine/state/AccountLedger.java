package io.ballast.engine.state;

import static io.ballast.engine.event.Event.NONE;

import java.math.BigInteger;

/**
 * Balance changes of one {@link LedgerKey}, by block. An absolute observation at a block is the
 * balance at the end of that block and overrides every earlier change; a delta adds to it. Changes at
 * or below the finalized height are folded into {@link #base}, so memory stays bounded by the
 * unfinalized window. The value at each tier boundary is cached and kept current incrementally for
 * deltas, the common case; everything else recomputes from the (short) unfinalized window. Sums are
 * {@link ExactSum}s, so the steady state adds without allocating.
 */
final class AccountLedger {

    final LedgerKey key;
    /** Where this ledger's changes are summed with the others of its chain and asset. */
    final ChainAssetTotal total;
    final ExactSum base = new ExactSum();
    long baseHeight = NONE;
    /** Highest block of an absolute observation already folded into {@link #base}. */
    long foldedAbsoluteHeight = NONE;
    final BlockWindow changes = new BlockWindow();
    final ExactSum pending = new ExactSum();

    /** Cached values at the finalized height, at the safe height and over all confirmed blocks. */
    final ExactSum finalizedValue = new ExactSum();
    final ExactSum safeValue = new ExactSum();
    final ExactSum confirmedValue = new ExactSum();

    AccountLedger(LedgerKey key, ChainAssetTotal total) {
        this.key = key;
        this.total = total;
    }

    /** Cached view of the tier values; dropped whenever a value changes. */
    private TierAmounts tiers;

    TierAmounts tiers() {
        if (tiers == null) {
            tiers = TierAmounts.of(pending, confirmedValue, safeValue, finalizedValue);
        }
        return tiers;
    }

    void addPending(ExactSum amount) {
        pending.add(amount);
        total.addPending(amount);
        tiers = null;
    }

    /** Adds a transfer's delta at {@code block}; the sum is read, not kept, so the caller may reuse it. */
    void addDelta(long block, ExactSum delta, long finalized, long safe) {
        if (block <= baseHeight) {
            if (lastAbsoluteHeight() >= block) {
                return; // a later absolute observation already reflects it
            }
            base.add(delta);
        } else {
            BlockWindow.Changes atBlock = changes.at(block);
            atBlock.deltaSum.add(delta);
            if (atBlock.absolute != null) {
                return; // the end-of-block observation dominates
            }
        }
        long affectedBelow = changes.nextAbsoluteAbove(block);
        long safeHeight = Math.max(safe, finalized);
        boolean toFinalized = block <= finalized && finalized < affectedBelow;
        boolean toSafe = block <= safeHeight && safeHeight < affectedBelow;
        boolean toConfirmed = affectedBelow == Long.MAX_VALUE;
        if (toFinalized) {
            finalizedValue.add(delta);
        }
        if (toSafe) {
            safeValue.add(delta);
        }
        if (toConfirmed) {
            confirmedValue.add(delta);
        }
        total.add(delta, toFinalized, toSafe, toConfirmed);
        tiers = null;
    }

    /**
     * Records an absolute observation. One at or below the folded height is older than what is
     * already final and is ignored; returns whether it was taken.
     */
    boolean setAbsolute(long block, BigInteger amount, long finalized, long safe) {
        if (block <= baseHeight) {
            if (block < baseHeight) {
                return false;
            }
            base.set(amount);
            foldedAbsoluteHeight = block;
        } else {
            changes.setAbsolute(block, amount);
        }
        recompute(finalized, safe);
        return true;
    }

    /** Removes every change at or above {@code block} (a reorg). */
    void retractFrom(long block, long finalized, long safe) {
        changes.removeFrom(block);
        recompute(finalized, safe);
    }

    /**
     * Folds changes at or below {@code finalized} into the base and moves the cached safe value from
     * {@code oldSafe} up to {@code safe} (both never below the finalized heights), walking only the blocks
     * between them: the cached value is the balance at the end of the old safe block.
     */
    void finalityChanged(long oldSafe, long finalized, long safe) {
        if (changes.isEmpty() || changes.firstBlock() > safe) {
            // No change at or below the new heights: nothing to fold, and every tier boundary still sits on the base.
            baseHeight = Math.max(baseHeight, finalized);
            return;
        }
        total.leave(this);
        for (int i = changes.indexAbove(oldSafe); i < changes.size() && changes.block(i) <= safe; i++) {
            applyTo(safeValue, changes.changes(i));
        }
        while (!changes.isEmpty() && changes.firstBlock() <= finalized) {
            BlockWindow.Changes oldest = changes.changes(0);
            if (oldest.absolute != null) {
                foldedAbsoluteHeight = changes.firstBlock();
            }
            applyTo(base, oldest);
            changes.removeFirst();
        }
        baseHeight = Math.max(baseHeight, finalized);
        // Everything at or below the finalized height is in the base now; finality leaves the confirmed value.
        finalizedValue.set(base);
        total.join(this);
        tiers = null;
    }

    /** Moves a running balance over one block: its end-of-block observation, or its deltas. */
    private static void applyTo(ExactSum value, BlockWindow.Changes atBlock) {
        if (atBlock.absolute != null) {
            value.set(atBlock.absolute);
        } else {
            value.add(atBlock.deltaSum);
        }
    }

    /**
     * The ledger's own confirmed balance at the end of {@code block} where {@code observed} there
     * disagrees with it (a drift); null when they agree or the ledger cannot tell (no confirmed
     * history, or the block is below what it folded). Agreeing with the latest balance, the common
     * case, allocates nothing.
     */
    BigInteger driftedValueAt(long block, BigInteger observed) {
        if ((baseHeight == NONE && changes.isEmpty()) || block < baseHeight) {
            return null;
        }
        if (changes.isEmpty() || block >= changes.lastBlock()) {
            return confirmedValue.isEqualTo(observed) ? null : confirmedValue.toBigInteger(); // no walk
        }
        BigInteger value = valueAt(block);
        return value.equals(observed) ? null : value;
    }

    /** The confirmed balance at the end of a block inside the unfinalized window, walked from the base. */
    private BigInteger valueAt(long block) {
        ExactSum value = new ExactSum();
        value.set(base);
        for (int i = 0; i < changes.size() && changes.block(i) <= block; i++) {
            applyTo(value, changes.changes(i));
        }
        return value.toBigInteger();
    }

    /** True when the ledger holds nothing at all: no observation, no change, nothing pending. */
    boolean isBlank() {
        return baseHeight == NONE && base.isZero() && changes.isEmpty() && pending.isZero();
    }

    /** Recomputes the three cached values in one walk over the unfinalized window. */
    void recompute(long finalized, long safe) {
        long safeHeight = Math.max(safe, finalized);
        total.leave(this);
        boolean finalizedSet = false;
        boolean safeSet = false;
        confirmedValue.set(base);
        for (int i = 0; i < changes.size(); i++) {
            long block = changes.block(i);
            if (!finalizedSet && block > finalized) {
                finalizedValue.set(confirmedValue);
                finalizedSet = true;
            }
            if (!safeSet && block > safeHeight) {
                safeValue.set(confirmedValue);
                safeSet = true;
            }
            applyTo(confirmedValue, changes.changes(i));
        }
        if (!finalizedSet) {
            finalizedValue.set(confirmedValue);
        }
        if (!safeSet) {
            safeValue.set(confirmedValue);
        }
        total.join(this);
        tiers = null;
    }

    private long lastAbsoluteHeight() {
        return Math.max(foldedAbsoluteHeight, changes.lastAbsolute(NONE));
    }
}
