package io.ballast.engine.state;

import static io.ballast.engine.event.Event.NONE;

import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Balance changes of one {@link LedgerKey}, by block. An absolute observation at a block is the
 * balance at the end of that block and overrides every earlier change; a delta adds to it. Changes at
 * or below the finalized height are folded into {@link #base}, so memory stays bounded by the
 * unfinalized window. The value at each tier boundary is cached and kept current incrementally for
 * deltas, the common case; everything else recomputes from the (short) unfinalized window.
 */
final class AccountLedger {

    /** Changes recorded in one block. */
    static final class BlockChanges {
        BigInteger absolute;
        BigInteger deltaSum = BigInteger.ZERO;
    }

    final LedgerKey key;
    /** Where this ledger's changes are summed with the others of its chain and asset. */
    final ChainAssetTotal total;
    BigInteger base = BigInteger.ZERO;
    long baseHeight = NONE;
    /** Highest block of an absolute observation already folded into {@link #base}. */
    long foldedAbsoluteHeight = NONE;
    final TreeMap<Long, BlockChanges> changes = new TreeMap<>();
    final TreeSet<Long> absoluteBlocks = new TreeSet<>();
    BigInteger pending = BigInteger.ZERO;

    /** Cached values at the finalized height, at the safe height and over all confirmed blocks. */
    private BigInteger finalizedValue = BigInteger.ZERO;
    private BigInteger safeValue = BigInteger.ZERO;
    private BigInteger confirmedValue = BigInteger.ZERO;

    AccountLedger(LedgerKey key, ChainAssetTotal total) {
        this.key = key;
        this.total = total;
    }

    /** Pushes the change of the cached values into the total and drops the cached tiers. */
    private void changed(BigInteger oldFinalized, BigInteger oldSafe, BigInteger oldConfirmed, BigInteger oldPending) {
        total.shift(oldFinalized, finalizedValue, oldSafe, safeValue, oldConfirmed, confirmedValue, oldPending, pending);
        tiers = null;
    }


    /** The changes of the block most recently written: transfers come block by block, so this spares the lookup. */
    private long lastBlock = NONE;
    private BlockChanges lastChanges;

    private BlockChanges changesAt(long block) {
        if (block != lastBlock || lastChanges == null) {
            lastChanges = changes.computeIfAbsent(block, b -> new BlockChanges());
            lastBlock = block;
        }
        return lastChanges;
    }

    /** Cached view of the tier values; dropped whenever a value changes. */
    private TierAmounts tiers;

    TierAmounts tiers() {
        if (tiers == null) {
            tiers = new TierAmounts(pending, confirmedValue.subtract(safeValue), safeValue.subtract(finalizedValue), finalizedValue);
        }
        return tiers;
    }

    void addPending(BigInteger amount) {
        BigInteger old = pending;
        pending = pending.add(amount);
        changed(finalizedValue, safeValue, confirmedValue, old);
    }

    void addDelta(long block, BigInteger delta, long finalized, long safe) {
        if (block <= baseHeight) {
            if (lastAbsoluteHeight() >= block) {
                return; // a later absolute observation already reflects it
            }
            base = base.add(delta);
        } else {
            BlockChanges atBlock = changesAt(block);
            atBlock.deltaSum = atBlock.deltaSum.add(delta);
            if (atBlock.absolute != null) {
                return; // the end-of-block observation dominates
            }
        }
        Long nextAbsolute = absoluteBlocks.isEmpty() ? null : absoluteBlocks.higher(block);
        long affectedBelow = nextAbsolute == null ? Long.MAX_VALUE : nextAbsolute;
        long safeHeight = Math.max(safe, finalized);
        boolean toFinalized = block <= finalized && finalized < affectedBelow;
        boolean toSafe = block <= safeHeight && safeHeight < affectedBelow;
        boolean toConfirmed = nextAbsolute == null;
        if (toFinalized) {
            finalizedValue = finalizedValue.add(delta);
        }
        if (toSafe) {
            safeValue = safeValue.add(delta);
        }
        if (toConfirmed) {
            confirmedValue = confirmedValue.add(delta);
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
            base = amount;
            foldedAbsoluteHeight = block;
        } else {
            changesAt(block).absolute = amount;
            absoluteBlocks.add(block);
        }
        recompute(finalized, safe);
        return true;
    }

    /** Removes every change at or above {@code block} (a reorg). */
    void retractFrom(long block, long finalized, long safe) {
        lastChanges = null;
        changes.tailMap(block, true).clear();
        absoluteBlocks.tailSet(block, true).clear();
        recompute(finalized, safe);
    }

    /**
     * Folds changes at or below {@code finalized} into the base and moves the cached safe value from
     * {@code oldSafe} up to {@code safe} (both never below the finalized heights), walking only the blocks
     * between them: the cached value is the balance at the end of the old safe block.
     */
    void finalityChanged(long oldSafe, long finalized, long safe) {
        if (lastBlock <= finalized) {
            lastChanges = null;
        }
        if (changes.isEmpty() || changes.firstKey() > safe) {
            // No change at or below the new heights: nothing to fold, and every tier boundary still sits on the base.
            baseHeight = Math.max(baseHeight, finalized);
            return;
        }
        BigInteger oldFinalized = finalizedValue;
        BigInteger oldSafeValue = safeValue;
        BigInteger value = safeValue;
        for (BlockChanges atBlock : changes.subMap(oldSafe, false, safe, true).values()) {
            value = atBlock.absolute != null ? atBlock.absolute : value.add(atBlock.deltaSum);
        }
        safeValue = value;
        while (!changes.isEmpty() && changes.firstKey() <= finalized) {
            Map.Entry<Long, BlockChanges> entry = changes.pollFirstEntry();
            BlockChanges atBlock = entry.getValue();
            if (atBlock.absolute != null) {
                base = atBlock.absolute;
                foldedAbsoluteHeight = entry.getKey();
                absoluteBlocks.remove(entry.getKey());
            } else {
                base = base.add(atBlock.deltaSum);
            }
        }
        baseHeight = Math.max(baseHeight, finalized);
        // Everything at or below the finalized height is in the base now; finality leaves the confirmed value.
        finalizedValue = base;
        changed(oldFinalized, oldSafeValue, confirmedValue, pending);
    }

    /**
     * The confirmed balance at the end of {@code block}, or null when the ledger cannot tell: it has
     * no confirmed history, or the block is below what it folded.
     */
    BigInteger valueAt(long block) {
        if ((baseHeight == NONE && changes.isEmpty()) || block < baseHeight) {
            return null;
        }
        if (changes.isEmpty() || block >= changes.lastKey()) {
            return confirmedValue; // the common case: no walk
        }
        BigInteger value = base;
        for (BlockChanges atBlock : changes.headMap(block, true).values()) {
            value = atBlock.absolute != null ? atBlock.absolute : value.add(atBlock.deltaSum);
        }
        return value;
    }

    /** True when the ledger holds nothing at all: no observation, no change, nothing pending. */
    boolean isBlank() {
        return baseHeight == NONE && base.signum() == 0 && changes.isEmpty() && pending.signum() == 0;
    }

    /** Recomputes the three cached values in one walk over the unfinalized window. */
    void recompute(long finalized, long safe) {
        long safeHeight = Math.max(safe, finalized);
        BigInteger oldFinalized = finalizedValue;
        BigInteger oldSafe = safeValue;
        BigInteger oldConfirmed = confirmedValue;
        BigInteger value = base;
        BigInteger atFinalized = null;
        BigInteger atSafe = null;
        for (Map.Entry<Long, BlockChanges> entry : changes.entrySet()) {
            long block = entry.getKey();
            if (atFinalized == null && block > finalized) {
                atFinalized = value;
            }
            if (atSafe == null && block > safeHeight) {
                atSafe = value;
            }
            BlockChanges atBlock = entry.getValue();
            if (atBlock.absolute != null) {
                value = atBlock.absolute;
            } else if (atBlock.deltaSum.signum() != 0) {
                value = value.add(atBlock.deltaSum);
            }
        }
        finalizedValue = atFinalized != null ? atFinalized : value;
        safeValue = atSafe != null ? atSafe : value;
        confirmedValue = value;
        changed(oldFinalized, oldSafe, oldConfirmed, pending);
    }

    private long lastAbsoluteHeight() {
        return absoluteBlocks.isEmpty() ? foldedAbsoluteHeight : Math.max(foldedAbsoluteHeight, absoluteBlocks.last());
    }
}
