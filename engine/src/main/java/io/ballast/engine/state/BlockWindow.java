package io.ballast.engine.state;

import java.math.BigInteger;

/**
 * One account's unfinalized changes by block, in ascending block order, as a ring of parallel arrays.
 * Blocks arrive in order, so adding appends at the tail, finality pops from the head and a reorg cuts
 * the tail; block numbers are never boxed, and the {@link Changes} of a block that left are reused for
 * the next one, so the steady state allocates nothing.
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

    private long[] blocks = new long[4];
    private Changes[] changes = new Changes[4];
    private int head;
    private int size;
    /** How many held blocks carry an absolute observation: most hold none, and then no search is needed. */
    private int absolutes;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Block number of the {@code i}-th change, oldest first. */
    long block(int i) {
        return blocks[slot(i)];
    }

    Changes changes(int i) {
        return changes[slot(i)];
    }

    long firstBlock() {
        return blocks[head];
    }

    long lastBlock() {
        return block(size - 1);
    }

    /** Index of the first block above {@code block}, or {@link #size()} when none is. */
    int indexAbove(long block) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (block(mid) <= block) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The changes of {@code block}, made empty first if the block was not held. */
    Changes at(long block) {
        if (size > 0 && lastBlock() == block) {
            return changes(size - 1);
        }
        int at = indexAbove(block);
        if (at > 0 && block(at - 1) == block) {
            return changes(at - 1);
        }
        if (size == blocks.length) {
            grow();
        }
        // Open a gap at {@code at}; the spare Changes at the tail slot moves into it.
        Changes spare = changes[slot(size)];
        for (int i = size; i > at; i--) {
            blocks[slot(i)] = blocks[slot(i - 1)];
            changes[slot(i)] = changes[slot(i - 1)];
        }
        size++;
        blocks[slot(at)] = block;
        Changes fresh = spare == null ? new Changes() : spare.reset();
        changes[slot(at)] = fresh;
        return fresh;
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
        for (int i = indexAbove(block); i < size; i++) {
            if (changes(i).absolute != null) {
                return block(i);
            }
        }
        return Long.MAX_VALUE;
    }

    /** The highest block with an absolute observation, or {@code none}. */
    long lastAbsolute(long none) {
        for (int i = size - 1; absolutes > 0 && i >= 0; i--) {
            if (changes(i).absolute != null) {
                return block(i);
            }
        }
        return none;
    }

    /** Drops the oldest block; its Changes stay in the ring for reuse, so read them before the next add. */
    void removeFirst() {
        if (changes[head].absolute != null) {
            absolutes--;
        }
        head = (head + 1) & (blocks.length - 1);
        size--;
    }

    /** Drops every block at or above {@code block} (a reorg). */
    void removeFrom(long block) {
        int keep = indexAbove(block - 1);
        for (int i = keep; i < size; i++) {
            if (changes(i).absolute != null) {
                absolutes--;
            }
        }
        size = keep;
    }

    private int slot(int i) {
        return (head + i) & (blocks.length - 1);
    }

    private void grow() {
        long[] grownBlocks = new long[blocks.length * 2];
        Changes[] grownChanges = new Changes[blocks.length * 2];
        for (int i = 0; i < size; i++) {
            grownBlocks[i] = block(i);
            grownChanges[i] = changes(i);
        }
        blocks = grownBlocks;
        changes = grownChanges;
        head = 0;
    }
}
