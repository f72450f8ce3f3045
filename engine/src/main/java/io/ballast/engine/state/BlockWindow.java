package io.ballast.engine.state;

import java.math.BigInteger;

/**
 * One account's unfinalized changes by block, in ascending block order ({@link BlockRing}); the
 * {@link Changes} of a block that left are reused for the next one, so the steady state allocates nothing.
 */
final class BlockWindow {

    /** Changes recorded in one block: an end-of-block observation, if any, and the sum of the deltas. */
    static final class Changes {
        BigInteger absolute;
        final ExactSum deltaSum = new ExactSum();

        private Changes reset() {
            absolute = null;
            deltaSum.set(BigInteger.ZERO);
            return this;
        }
    }

    private final BlockRing<Changes> ring = new BlockRing<>();
    /** How many held blocks carry an absolute observation: most hold none, and then no search is needed. */
    private int absolutes;

    int size() {
        return ring.size();
    }

    boolean isEmpty() {
        return ring.isEmpty();
    }

    /** Block number of the {@code i}-th change, oldest first. */
    long block(int i) {
        return ring.block(i);
    }

    Changes changes(int i) {
        return ring.value(i);
    }

    long firstBlock() {
        return ring.block(0);
    }

    long lastBlock() {
        return ring.lastBlock();
    }

    /** Index of the first block above {@code block}, or {@link #size()} when none is. */
    int indexAbove(long block) {
        return ring.indexAbove(block);
    }

    /** The changes of {@code block}, made empty first if the block was not held. */
    Changes at(long block) {
        return ring.at(block, spare -> spare == null ? new Changes() : spare.reset());
    }

    /** Sets the end-of-block observation of {@code block}. */
    void setAbsolute(long block, BigInteger amount) {
        Changes atBlock = at(block);
        if (atBlock.absolute == null) {
            absolutes++;
        }
        atBlock.absolute = amount;
    }

    /** The lowest block above {@code block} with an absolute observation, or {@link Long#MAX_VALUE}. */
    long nextAbsoluteAbove(long block) {
        if (absolutes == 0) {
            return Long.MAX_VALUE;
        }
        for (int i = indexAbove(block); i < size(); i++) {
            if (changes(i).absolute != null) {
                return block(i);
            }
        }
        return Long.MAX_VALUE;
    }

    /** The highest block with an absolute observation, or {@code none}. */
    long lastAbsolute(long none) {
        for (int i = size() - 1; absolutes > 0 && i >= 0; i--) {
            if (changes(i).absolute != null) {
                return block(i);
            }
        }
        return none;
    }

    /** Drops the oldest block; its Changes stay in the ring for reuse, so read them before the next add. */
    void removeFirst() {
        if (changes(0).absolute != null) {
            absolutes--;
        }
        ring.removeFirst();
    }

    /** Drops every block at or above {@code block} (a reorg). */
    void removeFrom(long block) {
        int keep = indexAbove(block - 1);
        for (int i = keep; i < size(); i++) {
            if (changes(i).absolute != null) {
                absolutes--;
            }
        }
        ring.truncate(keep);
    }
}
