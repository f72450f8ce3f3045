package io.ballast.engine;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.BridgeStatus;
import io.ballast.engine.event.BridgeTransferUpdated;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.FinalityAdvanced;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Tier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random event stream over two chains, two assets and three tracked accounts. Now and then
 * it grows an orphan branch (1 to 3 blocks, with transfers and balance observations, some confirming
 * pending transactions) that the canonical chain then replaces. {@link #withOrphans()} is the stream
 * as a node would deliver it; {@link #withoutOrphans()} is the same stream had the orphans never been
 * seen.
 */
final class RandomStream {

    static final List<String> ACCOUNTS = List.of("0xa1", "0xa2", "0xa3");
    private static final String OUTSIDER = "0xext";
    private static final String[] CHAINS = {"arbitrum", "base"};
    private static final String[] ASSETS = {"USDC", "WETH"};

    private record Tagged(Event event, boolean orphan) {
    }

    private final List<Tagged> events = new ArrayList<>();
    private final Random random;
    private final Catalogue catalogue = Catalogue.defaults();
    private final long[] head = new long[CHAINS.length];
    private final long[] finalized = new long[CHAINS.length];
    private final String[] headHash = new String[CHAINS.length];
    private final List<List<String>> openPending = List.of(new ArrayList<>(), new ArrayList<>());
    private long time = 1_700_000_000L;
    private int txCounter;
    private int orphanCounter;

    RandomStream(long seed, int steps) {
        random = new Random(seed);
        for (int c = 0; c < CHAINS.length; c++) {
            head[c] = 100;
            finalized[c] = 99;
            headHash[c] = hash(c, 100, "c");
            add(new BlockObserved(CHAINS[c], 100, headHash[c], hash(c, 99, "c"), time), false);
            for (String account : ACCOUNTS) {
                for (String asset : ASSETS) {
                    add(balance(c, asset, account, 100), false);
                }
            }
        }
        for (int i = 0; i < steps; i++) {
            step();
        }
    }

    List<Event> withOrphans() {
        return events.stream().map(Tagged::event).toList();
    }

    List<Event> withoutOrphans() {
        return events.stream().filter(t -> !t.orphan()).map(Tagged::event).toList();
    }

    private void step() {
        int c = random.nextInt(CHAINS.length);
        int action = random.nextInt(100);
        if (action < 45) {
            if (random.nextInt(10) == 0 && head[c] - finalized[c] >= 1) {
                orphanBranch(c);
            }
            block(c);
        } else if (action < 65) {
            pending(c);
        } else if (action < 75) {
            long target = head[c] - random.nextInt(4);
            if (target > finalized[c]) {
                finalized[c] = target;
                add(new FinalityAdvanced(CHAINS[c], Tier.FINALIZED, target), false);
            }
            add(new FinalityAdvanced(CHAINS[c], Tier.SAFE, Math.max(finalized[c], head[c] - random.nextInt(2))), false);
        } else if (action < 85) {
            time += 1;
            add(new PriceObserved(ASSETS[random.nextInt(2)], new BigDecimal(random.nextInt(100_000) + 1).movePointLeft(2), time, "test"), false);
        } else {
            bridge();
        }
    }

    /** A canonical block with a few transfers, maybe a balance observation. */
    private void block(int c) {
        time += 1 + random.nextInt(3);
        long number = head[c] + 1;
        String hash = hash(c, number, "c");
        add(new BlockObserved(CHAINS[c], number, hash, headHash[c], time), false);
        head[c] = number;
        headHash[c] = hash;
        blockContents(c, number, false);
    }

    /** Blocks above the head on a branch the canonical chain will replace. */
    private void orphanBranch(int c) {
        int depth = 1 + random.nextInt(3);
        String parent = headHash[c];
        String branch = "o" + (orphanCounter++);
        for (int d = 1; d <= depth; d++) {
            long number = head[c] + d;
            String hash = hash(c, number, branch);
            // orphan timestamps stay at the current time, so the clock does not run ahead of the canonical chain
            add(new BlockObserved(CHAINS[c], number, hash, parent, time), true);
            blockContents(c, number, true);
            parent = hash;
        }
    }

    private void blockContents(int c, long number, boolean orphan) {
        int transfers = random.nextInt(4);
        for (int i = 0; i < transfers; i++) {
            List<String> pending = openPending.get(c);
            if (!pending.isEmpty() && random.nextInt(3) == 0) {
                String[] parts = pending.get(random.nextInt(pending.size())).split("\\|");
                add(new TransferObserved(CHAINS[c], parts[1], token(c, parts[1]), parts[2], parts[3], new BigInteger(parts[4]),
                        parts[0], 0, number), orphan);
                if (!orphan) {
                    pending.removeIf(p -> p.startsWith(parts[0] + "|"));
                }
            } else {
                String asset = ASSETS[random.nextInt(2)];
                String[] pair = pair();
                add(new TransferObserved(CHAINS[c], asset, token(c, asset), pair[0], pair[1], amount(),
                        "0xt" + (txCounter++), random.nextInt(5), number), orphan);
            }
        }
        if (random.nextInt(8) == 0) {
            add(balance(c, ASSETS[random.nextInt(2)], ACCOUNTS.get(random.nextInt(3)), number), orphan);
        }
    }

    private void pending(int c) {
        String asset = ASSETS[random.nextInt(2)];
        String[] pair = pair();
        BigInteger amount = amount();
        String tx = "0xp" + (txCounter++);
        add(new PendingTransferObserved(CHAINS[c], asset, token(c, asset), pair[0], pair[1], amount, tx, Event.NONE), false);
        openPending.get(c).add(tx + "|" + asset + "|" + pair[0] + "|" + pair[1] + "|" + amount);
    }

    private void bridge() {
        time += 1;
        String id = "b" + (txCounter++);
        add(new BridgeTransferUpdated(id, "USDC", CHAINS[0], CHAINS[1], amount(), BridgeStatus.INITIATED, 600, time), false);
        if (random.nextBoolean()) {
            add(new BridgeTransferUpdated(id, "", "", "", BigInteger.ZERO, BridgeStatus.COMPLETED, 0, time), false);
        }
    }

    private BalanceObserved balance(int c, String asset, String account, long block) {
        return new BalanceObserved(CHAINS[c], asset, token(c, asset), account,
                BigInteger.valueOf(random.nextInt(1_000_000)).multiply(BigInteger.TEN.pow(6)), block);
    }

    private String[] pair() {
        String from = random.nextInt(4) == 0 ? OUTSIDER : ACCOUNTS.get(random.nextInt(3));
        String to = from.equals(OUTSIDER) || random.nextBoolean() ? ACCOUNTS.get(random.nextInt(3)) : OUTSIDER;
        return new String[] {from, to};
    }

    private BigInteger amount() {
        return BigInteger.valueOf(1 + random.nextInt(50_000)).multiply(BigInteger.TEN.pow(5));
    }

    private String token(int c, String asset) {
        return catalogue.resolveToken(CHAINS[c], asset, null);
    }

    private static String hash(int chain, long number, String branch) {
        return "0x" + chain + branch + number;
    }

    private void add(Event event, boolean orphan) {
        events.add(new Tagged(event, orphan));
    }
}
