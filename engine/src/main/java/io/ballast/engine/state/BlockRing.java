package io.ballast.engine.state;

import java.util.function.UnaryOperator;

/**
 * Values by block number in ascending order, as a ring of parallel arrays. Blocks arrive in order,
 * so adding appends at the tail, finality pops from the head and a reorg cuts the tail; block numbers
 * are never boxed. A value that left stays in its slot as a spare, handed to the next block opened
 * there, so a caller that reuses spares allocates nothing in the steady state.
 */
final class BlockRing<T> {

    private long[] blocks = new long[4];
    private Object[] values = new Object[4];
    private int head;
    private int size;
    /**
     * How many spares from the tail on left the ring recently (dropped or cut off), so are likely still
     * in cache: they are handed out before the spares left a whole turn of the ring ago.
     */
    private int recentSpares;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Block number of the {@code i}-th value, oldest first. */
    long block(int i) {
        return blocks[slot(i)];
    }

    @SuppressWarnings("unchecked")
    T value(int i) {
        return (T) values[slot(i)];
    }

    long lastBlock() {
        return block(size - 1);
    }

    /** Index of the first block above {@code block}, or {@link #size()} when none is. */
    int indexAbove(long block) {
        if (size == 0 || lastBlock() <= block) {
            return size;
        }
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

    /** The value of {@code block}, or null. */
    T get(long block) {
        if (size > 0 && lastBlock() == block) {
            return value(size - 1);
        }
        int at = indexAbove(block);
        return at > 0 && block(at - 1) == block ? value(at - 1) : null;
    }

    /**
     * The value of {@code block}; a block not held is opened with {@code open} applied to a spare
     * (null when there is none), which must return the value to hold.
     */
    T at(long block, UnaryOperator<T> open) {
        int at = indexAbove(block);
        if (at > 0 && block(at - 1) == block) {
            return value(at - 1);
        }
        if (size == blocks.length) {
            grow();
        }
        // Open a gap at {@code at}; the spare at the tail slot moves into it.
        @SuppressWarnings("unchecked")
        T spare = (T) values[slot(size)];
        recentSpares = Math.max(0, recentSpares - 1);
        for (int i = size; i > at; i--) {
            blocks[slot(i)] = blocks[slot(i - 1)];
            values[slot(i)] = values[slot(i - 1)];
        }
        size++;
        blocks[slot(at)] = block;
        T fresh = open.apply(spare);
        values[slot(at)] = fresh;
        return fresh;
    }

    /**
     * Drops the oldest block; its value stays as a spare, so read it before the next {@link #at}. It
     * joins the recent spares: handed out after those freed before it, before the old ones.
     */
    void removeFirst() {
        int freed = head;
        head = (head + 1) & (blocks.length - 1);
        size--;
        int next = slot(size + recentSpares);
        Object spare = values[next];
        values[next] = values[freed];
        values[freed] = spare;
        recentSpares++;
    }

    /** Drops every block from index {@code i} on (a reorg); their values stay as spares. */
    void truncate(int i) {
        recentSpares += size - i;
        size = i;
    }

    private int slot(int i) {
        return (head + i) & (blocks.length - 1);
    }

    private void grow() {
        long[] grownBlocks = new long[blocks.length * 2];
        Object[] grownValues = new Object[blocks.length * 2];
        for (int i = 0; i < size; i++) {
            grownBlocks[i] = block(i);
            grownValues[i] = values[slot(i)];
        }
        blocks = grownBlocks;
        values = grownValues;
        head = 0;
        recentSpares = 0;
    }
}
