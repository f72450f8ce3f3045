package io.ballast.loadtests;

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
import io.ballast.engine.state.StateSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A deterministic desk workload, the same for a given seed: blocks on several chains, each with token
 * transfers touching tracked accounts, some first seen in the mempool; finality every 16 blocks;
 * price updates; bridge transfers from the hub (initiated, then completed some blocks later, the
 * source debit as its own transfer); and now and then a reorg that replaces the last blocks.
 *
 * @param chains             chain names from the default catalogue; the first is the bridges' hub
 * @param assets             assets held and traded on every chain
 * @param accounts           number of tracked accounts (one desk)
 * @param transfersPerBlock  token transfers in each block
 * @param mempoolPercent     share of transfers first seen as pending, in percent
 * @param reorgEveryBlocks   on average one reorg per this many blocks (0: none)
 * @param reorgDepth         how many of the newest blocks a reorg replaces
 * @param bridgeEveryBlocks  on average one bridge transfer per this many blocks (0: none)
 * @param priceEveryBlocks   on average one price update per this many blocks
 */
public record Workload(long seed, List<String> chains, List<String> assets, int accounts, int transfersPerBlock, int mempoolPercent,
                       int reorgEveryBlocks, int reorgDepth, int bridgeEveryBlocks, int priceEveryBlocks) {

    private static final int BRIDGE_BLOCKS = 20;

    /**
     * Four chains, USDC and WETH, 20 accounts, 6 transfers a block (10% seen pending), a one-block reorg
     * per ~500 blocks, a bridge per ~50.
     */
    public static Workload standard(long seed) {
        return new Workload(seed, List.of("ethereum", "arbitrum", "optimism", "base"), List.of("USDC", "WETH"), 20, 6, 10, 500, 1, 50, 50);
    }

    /** The same workload over other chains and accounts (scale runs). */
    public Workload with(List<String> otherChains, int otherAccounts) {
        return new Workload(seed, otherChains, assets, otherAccounts, transfersPerBlock, mempoolPercent, reorgEveryBlocks, reorgDepth,
                bridgeEveryBlocks, priceEveryBlocks);
    }

    /** The same workload over other assets (each held on every chain; bridges move USDC, which must be among them). */
    public Workload withAssets(List<String> otherAssets) {
        return new Workload(seed, chains, otherAssets, accounts, transfersPerBlock, mempoolPercent, reorgEveryBlocks, reorgDepth,
                bridgeEveryBlocks, priceEveryBlocks);
    }

    public List<String> accountNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            names.add(String.format("0x%040x", i + 1));
        }
        return names;
    }

    /** State settings that track the workload's accounts (one desk). */
    public StateSettings settings() {
        TreeMap<String, String> tracked = new TreeMap<>();
        accountNames().forEach(account -> tracked.put(account, "desk"));
        return StateSettings.defaults().withTrackedAccounts(tracked);
    }

    /** A bridge transfer under way and the block of its hub at which it completes. */
    private record Bridge(String id, long completesAtHubBlock) {
    }

    /** Generates about {@code count} events. */
    public List<Event> generate(int count) {
        List<Event> events = new ArrayList<>(count + 64);
        generate(count, events::add);
        return events;
    }

    /** Generates about {@code count} events into {@code sink}, holding none of them (journals larger than the heap). */
    public void generate(long count, Consumer<Event> sink) {
        Catalogue catalogue = Catalogue.defaults();
        Random random = new Random(seed);
        List<String> names = accountNames();
        long[] emitted = {0};
        Consumer<Event> events = event -> {
            emitted[0]++;
            sink.accept(event);
        };
        long[] head = new long[chains.size()];
        long[] reorgs = new long[chains.size()];
        List<TreeMap<Long, String>> hashes = new ArrayList<>();
        ArrayDeque<Bridge> bridges = new ArrayDeque<>();
        long time = 1_700_000_000L;
        long tx = 0;
        for (int c = 0; c < chains.size(); c++) {
            head[c] = 1_000;
            hashes.add(new TreeMap<>());
            hashes.get(c).put(1_000L, blockHash(c, 0, 1_000));
            events.accept(new BlockObserved(chains.get(c), 1_000, blockHash(c, 0, 1_000), blockHash(c, 0, 999), time));
            for (String account : names) {
                for (String asset : assets) {
                    events.accept(new BalanceObserved(chains.get(c), asset, token(catalogue, c, asset), account,
                            BigInteger.valueOf(1_000_000 + random.nextInt(1_000_000)).multiply(BigInteger.TEN.pow(6)), 1_000));
                }
            }
        }
        while (emitted[0] < count) {
            int c = random.nextInt(chains.size());
            String chain = chains.get(c);
            TreeMap<Long, String> known = hashes.get(c);
            time += random.nextInt(2);
            long number = head[c] + 1;
            if (reorgEveryBlocks > 0 && random.nextInt(reorgEveryBlocks) == 0 && head[c] - reorgDepth >= 1_000) {
                number = head[c] - reorgDepth + 1; // a sibling replaces the newest blocks; the engine retracts them
                reorgs[c]++;
                known.tailMap(number, true).clear();
            }
            String blockHash = blockHash(c, reorgs[c], number);
            events.accept(new BlockObserved(chain, number, blockHash, known.get(number - 1), time));
            known.put(number, blockHash);
            while (known.size() > 64) {
                known.pollFirstEntry();
            }
            head[c] = number;
            for (int t = 0; t < transfersPerBlock; t++) {
                String asset = assets.get(random.nextInt(assets.size()));
                String desk = names.get(random.nextInt(names.size()));
                String other = "0xcounterparty" + random.nextInt(1_000);
                boolean inbound = random.nextBoolean();
                BigInteger amount = BigInteger.valueOf(1 + random.nextInt(10_000)).multiply(BigInteger.TEN.pow(6));
                String txHash = "0x" + Long.toHexString(++tx);
                if (random.nextInt(100) < mempoolPercent) {
                    events.accept(new PendingTransferObserved(chain, asset, token(catalogue, c, asset), inbound ? other : desk,
                            inbound ? desk : other, amount, txHash, -1));
                }
                events.accept(new TransferObserved(chain, asset, token(catalogue, c, asset), inbound ? other : desk,
                        inbound ? desk : other, amount, txHash, t, number));
            }
            if (number % 16 == 0) {
                events.accept(new FinalityAdvanced(chain, Tier.SAFE, number - 4));
                events.accept(new FinalityAdvanced(chain, Tier.FINALIZED, number - 12));
            }
            if (c == 0) {
                tx = bridges(events, random, catalogue, names, bridges, number, time, tx);
            }
            if (random.nextInt(priceEveryBlocks) == 0) {
                events.accept(new PriceObserved(assets.get(random.nextInt(assets.size())),
                        new BigDecimal(random.nextInt(400_000) + 1).movePointLeft(2), time, "bench"));
            }
        }
    }

    /** On hub blocks: completes the bridges due, and now and then starts one (with its debit on the hub). */
    private long bridges(Consumer<Event> events, Random random, Catalogue catalogue, List<String> names, ArrayDeque<Bridge> bridges,
                         long hubBlock, long time, long tx) {
        while (!bridges.isEmpty() && bridges.peek().completesAtHubBlock() <= hubBlock) {
            Bridge done = bridges.poll();
            events.accept(new BridgeTransferUpdated(done.id(), "", "", "", BigInteger.ZERO, BridgeStatus.COMPLETED, 0, time));
        }
        if (bridgeEveryBlocks > 0 && chains.size() > 1 && random.nextInt(bridgeEveryBlocks) == 0) {
            int to = 1 + random.nextInt(chains.size() - 1);
            BigInteger amount = BigInteger.valueOf(1_000 + random.nextInt(50_000)).multiply(BigInteger.TEN.pow(6));
            String id = "bridge-" + (++tx);
            events.accept(new BridgeTransferUpdated(id, "USDC", chains.get(0), chains.get(to), amount, BridgeStatus.INITIATED, 900, time));
            events.accept(new TransferObserved(chains.get(0), "USDC", token(catalogue, 0, "USDC"), names.get(random.nextInt(names.size())),
                    "0xbridge", amount, "0x" + Long.toHexString(tx), 0, hubBlock));
            bridges.add(new Bridge(id, hubBlock + BRIDGE_BLOCKS));
        }
        return tx;
    }

    private static String blockHash(int chain, long reorg, long number) {
        return "0x" + chain + "r" + reorg + "n" + number;
    }

    private String token(Catalogue catalogue, int chain, String asset) {
        return catalogue.resolveToken(chains.get(chain), asset, null);
    }
}
