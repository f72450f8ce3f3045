package io.ballast.engine.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigInteger;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BlockWindowTest {

    @Test
    void keepsBlocksInOrderThroughAppendsOutOfOrderInsertsFoldsAndCuts() {
        Random random = new Random(11);
        BlockWindow window = new BlockWindow();
        TreeMap<Long, BigInteger[]> model = new TreeMap<>(); // block -> {absolute or null, delta sum}
        long tip = 100;
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(10);
            if (op < 6) {
                long block = random.nextInt(4) == 0 && !model.isEmpty() ? tip - random.nextInt(6) : ++tip;
                BigInteger delta = BigInteger.valueOf(random.nextInt(2_000) - 1_000);
                window.at(block).deltaSum.add(delta);
                model.computeIfAbsent(block, b -> new BigInteger[] {null, BigInteger.ZERO})[1] =
                        model.get(block)[1].add(delta);
            } else if (op == 6) {
                long block = tip - random.nextInt(3);
                BigInteger absolute = BigInteger.valueOf(random.nextInt(1_000_000));
                window.setAbsolute(block, absolute);
                model.computeIfAbsent(block, b -> new BigInteger[] {null, BigInteger.ZERO})[0] = absolute;
            } else if (op < 9 && !window.isEmpty()) {
                window.removeFirst();
                model.pollFirstEntry();
            } else if (!model.isEmpty()) {
                long from = tip - random.nextInt(4);
                window.removeFrom(from);
                model.tailMap(from, true).clear();
            }
            assertSameAs(model, window);
        }
    }

    @Test
    void findsTheNextAndTheLastAbsoluteObservation() {
        BlockWindow window = new BlockWindow();
        window.at(10).deltaSum.add(BigInteger.ONE);
        window.setAbsolute(12, BigInteger.TEN);
        window.at(14).deltaSum.add(BigInteger.ONE);
        assertEquals(12, window.nextAbsoluteAbove(10));
        assertEquals(Long.MAX_VALUE, window.nextAbsoluteAbove(12));
        assertEquals(12, window.lastAbsolute(-1));
        window.removeFrom(11);
        assertEquals(-1, window.lastAbsolute(-1));
        assertEquals(Long.MAX_VALUE, window.nextAbsoluteAbove(0));
    }

    @Test
    void aBlockThatLeftLendsItsChangesToTheNextOneEmptied() {
        BlockWindow window = new BlockWindow();
        BlockWindow.Changes first = window.at(1);
        first.absolute = BigInteger.TEN;
        first.deltaSum.add(BigInteger.TWO);
        for (long block = 2; block <= 4; block++) {
            window.at(block);
        }
        window.removeFirst();
        BlockWindow.Changes reused = window.at(5);
        assertSame(first, reused);
        assertNull(reused.absolute);
        assertEquals(BigInteger.ZERO, reused.deltaSum.toBigInteger());
    }

    @Test
    void changesFreedRecentlyAreHandedOutBeforeOldSpares() {
        BlockWindow window = new BlockWindow();
        for (long block = 1; block <= 5; block++) {
            window.at(block); // five blocks: the ring has grown to eight slots, three of them empty
        }
        BlockWindow.Changes first = window.changes(0);
        BlockWindow.Changes second = window.changes(1);
        window.removeFirst();
        window.removeFirst();
        assertSame(first, window.at(6), "freed just now, still in cache: before the empty slots");
        assertSame(second, window.at(7));
        assertEquals(5, window.size());
        assertEquals(3, window.firstBlock());
        assertEquals(7, window.lastBlock());
    }

    private static void assertSameAs(TreeMap<Long, BigInteger[]> model, BlockWindow window) {
        assertEquals(model.size(), window.size());
        int i = 0;
        long lastAbsolute = -1;
        for (Map.Entry<Long, BigInteger[]> entry : model.entrySet()) {
            assertEquals(entry.getKey(), window.block(i));
            assertEquals(entry.getValue()[0], window.changes(i).absolute);
            assertEquals(entry.getValue()[1], window.changes(i).deltaSum.toBigInteger());
            if (entry.getValue()[0] != null) {
                lastAbsolute = entry.getKey();
            }
            i++;
        }
        assertEquals(lastAbsolute, window.lastAbsolute(-1));
    }
}
