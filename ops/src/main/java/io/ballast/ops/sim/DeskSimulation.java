package io.ballast.ops.sim;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.BridgeStatus;
import io.ballast.engine.event.BridgeTransferUpdated;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.FinalityAdvanced;
import io.ballast.engine.event.ObligationObserved;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Chain;
import io.ballast.engine.model.ChainKind;
import io.ballast.engine.model.Tier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;

/**
 * A desk's day on several chains, the same event for event for a given seed: blocks at each chain's
 * real block time, the desk's fills paid out and repayments coming in (some seen first in the
 * mempool, a few dropped from it), finality as the chain learns it (Ethereum's epochs, an L2's
 * batches), bridge transfers from the hub topping up the L2s, prices, a margin position and the
 * desk's obligations, and now and then a short reorg whose transactions land again in the
 * replacing block.
 *
 * <p>Every half hour the market does something a risk manager wants to see: ETH dips 9% (minutes
 * 3–6; the margin position falls below a health factor of 1), the second chain's sequencer stalls
 * for 45 s (minute 7), and the ETH price feed goes quiet for six minutes (minutes 12–18).
 *
 * <p>Simulated time starts at 0 ms; event timestamps are {@code startEpochSeconds} plus it, so
 * nothing depends on the wall clock.
 */
public final class DeskSimulation {

    /** The desk's wallet, the same on every chain. */
    public static final String DESK = "0x000000000000000000000000000000000000de5c";
    public static final String DESK_LABEL = "desk";
    public static final List<String> ASSETS = List.of("ETH", "USDC", "WETH");
    public static final String POSITION = "p-aave-arbitrum";

    private static final long CYCLE_MILLIS = 30 * 60_000;
    private static final String BRIDGE = "0x3154cf16ccdb4c6d922629664174b904d80f2c35";
    private static final BigDecimal ETH_ANCHOR = new BigDecimal("3000");
    private static final long[] FIRST_BLOCKS = {21_000_000, 280_000_000, 128_000_000, 23_000_000, 60_000_000, 50_000_000, 20_000_000, 12_000_000};
    /** Opening balances in whole tokens per asset (ETH, USDC, WETH): the hub holds most. */
    private static final long[][] OPENING = {{350, 2_400_000, 120}, {60, 280_000, 40}, {30, 150_000, 20}, {45, 210_000, 30}};
    private static final long[] OPENING_OTHER = {20, 120_000, 10};

    /** One event at a point of simulated time; {@code chain} is empty for inputs of no chain's stream. */
    public record Step(long index, long atMillis, String chain, Event event) {
        public boolean onChain() {
            return !chain.isEmpty();
        }
    }

    /** A transfer planned for a chain's next block, and what follows it there (a bridge's completion). */
    private record Planned(String asset, String from, String to, BigInteger amount, String txHash, Event then) {
    }

    /** A bridge transfer under way; {@code number} orders arrivals at the same millisecond as they started. */
    private record BridgeDue(long atMillis, long number, ChainSim to, String id, BigInteger amount) {
    }

    private final Catalogue catalogue;
    private final Random random;
    private final long startEpochSeconds;
    private final List<ChainSim> chains = new ArrayList<>();
    private final ArrayDeque<Step> ready = new ArrayDeque<>();
    private final PriorityQueue<BridgeDue> bridgesDue = new PriorityQueue<>(
            Comparator.comparingLong(BridgeDue::atMillis).thenComparingLong(BridgeDue::number));
    private long index;
    private long now;
    private long tx;
    private long bridges;
    private long nextEthPriceAt = 6_000;
    private long nextUsdcPriceAt = 30_000;
    private long nextBridgeAt = 90_000;
    private double priceNoise;

    public DeskSimulation(Catalogue catalogue, long seed, List<String> chainNames, long startEpochSeconds) {
        if (chainNames.size() < 2) {
            throw new IllegalArgumentException("the simulation needs a hub and at least one other chain, got " + chainNames);
        }
        this.catalogue = catalogue;
        this.random = new Random(seed);
        this.startEpochSeconds = startEpochSeconds;
        for (int i = 0; i < chainNames.size(); i++) {
            String name = chainNames.get(i);
            Chain chain = catalogue.chain(name).orElseThrow(() -> new IllegalArgumentException("unknown chain " + name));
            for (String asset : ASSETS) {
                if (catalogue.tokensOf(asset, name).isEmpty()) {
                    throw new IllegalArgumentException("the simulation trades " + ASSETS + " but " + asset + " is not on " + name);
                }
            }
            chains.add(new ChainSim(i, chain, FIRST_BLOCKS[i % FIRST_BLOCKS.length] + i));
        }
        opening();
    }

    /** The next event in simulated time. */
    public Step next() {
        while (ready.isEmpty()) {
            advance();
        }
        return ready.poll();
    }

    private void opening() {
        emit("", price("ETH", ETH_ANCHOR));
        emit("", price("WETH", ETH_ANCHOR));
        emit("", price("USDC", BigDecimal.ONE));
        for (ChainSim chain : chains) {
            chain.block(false);
            for (int a = 0; a < ASSETS.size(); a++) {
                long[] opening = chain.index < OPENING.length ? OPENING[chain.index] : OPENING_OTHER;
                String asset = ASSETS.get(a);
                chain.balances.put(asset, tokens(asset, opening[a]));
                chain.opening.put(asset, tokens(asset, opening[a]));
                emit(chain.name(), new BalanceObserved(chain.name(), asset, token(chain.name(), asset), DESK, chain.balances.get(asset), chain.head));
            }
        }
        // Borrowed USDC against ETH on a lending market: a health factor of about 1.06 at the anchor price.
        emit("", new PositionObserved(POSITION, "aave-arbitrum", new TreeMap<>(Map.of("ETH", tokens("ETH", 400))),
                new TreeMap<>(Map.of("USDC", tokens("USDC", 934_000))), new BigDecimal("0.825")));
        emit("", new ObligationObserved("fills-owed", "USDC", "", tokens("USDC", 1_400_000), true));
    }

    /** Runs the earliest thing due: a chain's block, a price, a bridge's start or arrival. */
    private void advance() {
        ChainSim nextChain = chains.get(0);
        for (ChainSim chain : chains) {
            if (chain.nextBlockAt < nextChain.nextBlockAt) {
                nextChain = chain;
            }
        }
        long bridgeArrives = bridgesDue.isEmpty() ? Long.MAX_VALUE : bridgesDue.peek().atMillis();
        long due = Math.min(Math.min(nextChain.nextBlockAt, bridgeArrives), Math.min(Math.min(nextEthPriceAt, nextUsdcPriceAt), nextBridgeAt));
        now = due;
        if (due == nextEthPriceAt) {
            ethPrice();
        } else if (due == nextUsdcPriceAt) {
            BigDecimal usd = BigDecimal.ONE.add(BigDecimal.valueOf(random.nextInt(11) - 5, 4));
            emit("", price("USDC", usd));
            nextUsdcPriceAt += 30_000;
        } else if (due == nextBridgeAt) {
            startBridge();
            nextBridgeAt += 75_000 + random.nextInt(45_000);
        } else if (due == bridgeArrives) {
            BridgeDue arrived = bridgesDue.poll();
            arrived.to().bridgingIn = arrived.to().bridgingIn.subtract(arrived.amount());
            arrived.to().plan("USDC", BRIDGE, DESK, arrived.amount(), new BridgeTransferUpdated(arrived.id(), "", "", "",
                    BigInteger.ZERO, BridgeStatus.COMPLETED, 0, seconds()));
        } else {
            nextChain.block(true);
        }
    }

    private void ethPrice() {
        nextEthPriceAt += 6_000;
        long inCycle = now % CYCLE_MILLIS;
        if (inCycle >= 12 * 60_000 && inCycle < 18 * 60_000) {
            return; // the oracle is quiet: the price goes stale
        }
        priceNoise = 0.9 * priceNoise + 0.002 * random.nextGaussian();
        BigDecimal usd = ETH_ANCHOR.multiply(BigDecimal.valueOf(dip(inCycle) * Math.exp(priceNoise))).setScale(2, RoundingMode.HALF_EVEN);
        emit("", price("ETH", usd));
        emit("", price("WETH", usd));
    }

    /** The market's dip: down 9% from minute 3 to minute 4:30, back up by minute 6. */
    private static double dip(long inCycle) {
        double minute = inCycle / 60_000.0;
        if (minute < 3 || minute > 6) {
            return 1.0;
        }
        return 1.0 - 0.09 * (1.0 - Math.abs(minute - 4.5) / 1.5);
    }

    /** The hub tops up the L2 that has drifted furthest below its opening USDC balance, once it is 5% short. */
    private void startBridge() {
        ChainSim hub = chains.get(0);
        ChainSim to = chains.get(1);
        for (ChainSim chain : chains.subList(1, chains.size())) {
            if (chain.usdcComing() < to.usdcComing()) {
                to = chain;
            }
        }
        if (to.usdcComing() > 0.95) {
            return;
        }
        long shortTokens = to.opening.get("USDC").subtract(to.balances.get("USDC")).subtract(to.bridgingIn)
                .divide(tokens("USDC", 10_000)).longValue() * 10_000;
        BigInteger amount = tokens("USDC", Math.max(50_000, Math.min(400_000, shortTokens)));
        if (hub.balances.get("USDC").subtract(amount).compareTo(tokens("USDC", 500_000)) < 0) {
            return;
        }
        String id = "bridge-" + (++bridges);
        emit("", new BridgeTransferUpdated(id, "USDC", hub.name(), to.name(), amount, BridgeStatus.INITIATED, 600, seconds()));
        to.bridgingIn = to.bridgingIn.add(amount);
        hub.plan("USDC", DESK, BRIDGE, amount, null);
        // most arrive in 3-6 minutes; one in eight takes 12 and is overdue against the expected 10
        long takes = random.nextInt(8) == 0 ? 12 * 60_000 : 180_000 + random.nextInt(180_000);
        bridgesDue.add(new BridgeDue(now + takes, bridges, to, id, amount));
    }

    private PriceObserved price(String asset, BigDecimal usd) {
        return new PriceObserved(asset, usd, seconds(), "simulated-oracle");
    }

    private long seconds() {
        return startEpochSeconds + now / 1_000;
    }

    private void emit(String chain, Event event) {
        ready.add(new Step(++index, now, chain, event));
    }

    private BigInteger tokens(String asset, long whole) {
        return BigInteger.TEN.pow(catalogue.asset(asset).orElseThrow().decimals()).multiply(BigInteger.valueOf(whole));
    }

    private String token(String chain, String asset) {
        return catalogue.resolveToken(chain, asset, null);
    }

    /** One chain: its blocks, the desk's transfers in them, its finality. */
    private final class ChainSim {
        private final int index;
        private final Chain chain;
        private final long firstBlock;
        private final TreeMap<Long, String> hashes = new TreeMap<>();
        private final TreeMap<Long, List<Planned>> recent = new TreeMap<>();
        private final Map<String, BigInteger> balances = new TreeMap<>();
        private final Map<String, BigInteger> opening = new TreeMap<>();
        private List<Planned> upcoming = new ArrayList<>();
        /** USDC bridged from the hub and not arrived yet. */
        private BigInteger bridgingIn = BigInteger.ZERO;
        private long head;
        private long fork;
        private long nextBlockAt;
        private long nextFinalityAt;
        private long safe;
        private long finalized;

        ChainSim(int index, Chain chain, long firstBlock) {
            this.index = index;
            this.chain = chain;
            this.firstBlock = firstBlock;
            this.head = firstBlock - 1;
            this.hashes.put(head, hash(head));
        }

        String name() {
            return chain.name();
        }

        double fillRatio(String asset) {
            return balances.get(asset).doubleValue() / opening.get(asset).doubleValue();
        }

        /** USDC held and on its way, as a fraction of the opening balance. */
        double usdcComing() {
            return balances.get("USDC").add(bridgingIn).doubleValue() / opening.get("USDC").doubleValue();
        }

        /** Mines the next block (or, now and then, a sibling of the newest ones: a reorg). */
        void block(boolean withTraffic) {
            List<Planned> included = new ArrayList<>();
            long number = head + 1;
            int depth = 1 + random.nextInt(2);
            // on average one reorg per ten minutes of the chain's blocks, never into what is safe
            if (withTraffic && random.nextDouble() < chain.blockTimeMillis() / 600_000.0 && head - depth >= Math.max(safe, firstBlock)) {
                number = head - depth + 1;
                fork++;
                for (List<Planned> retracted : recent.tailMap(number, true).values()) {
                    // the retracted transactions land again; what followed them has been said already
                    retracted.forEach(t -> included.add(new Planned(t.asset(), t.from(), t.to(), t.amount(), t.txHash(), null)));
                }
                recent.tailMap(number, true).clear();
                hashes.tailMap(number, true).clear();
            }
            included.addAll(upcoming);
            upcoming = new ArrayList<>();
            head = number;
            hashes.put(number, hash(number));
            while (hashes.size() > 8) {
                hashes.pollFirstEntry();
            }
            emit(name(), new BlockObserved(name(), number, hashes.get(number), hashes.get(number - 1), seconds()));
            int logIndex = 0;
            for (Planned transfer : included) {
                emit(name(), new TransferObserved(name(), transfer.asset(), token(name(), transfer.asset()), transfer.from(), transfer.to(),
                        transfer.amount(), transfer.txHash(), logIndex++, number));
                if (transfer.then() != null) {
                    emit("", transfer.then());
                }
            }
            recent.put(number, included);
            while (recent.size() > 4) {
                recent.pollFirstEntry();
            }
            if (withTraffic) {
                traffic();
                finality();
            }
            nextBlockAt += chain.blockTimeMillis();
            long inCycle = nextBlockAt % CYCLE_MILLIS;
            if (index == 1 && inCycle >= 7 * 60_000 && inCycle < 7 * 60_000 + 45_000) {
                nextBlockAt += 7 * 60_000 + 45_000 - inCycle; // the sequencer stalls
            }
        }

        /** The desk's fills and repayments for the next block; a quarter are seen in the mempool first. */
        private void traffic() {
            double expected = chain.blockTimeMillis() / 1_000.0 * 0.4;
            int count = (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
            for (int i = 0; i < count; i++) {
                int pick = random.nextInt(20);
                String asset = pick < 12 ? "USDC" : pick < 17 ? "ETH" : "WETH";
                String counterparty = String.format("0x%040x", 0xc0ffee000L + random.nextInt(5_000));
                BigInteger amount = asset.equals("USDC") ? tokens("USDC", 500 + random.nextInt(24_500))
                        : tokens(asset, 1).multiply(BigInteger.valueOf(1 + random.nextInt(400))).divide(BigInteger.valueOf(100));
                // L2s pay fills out a little more than they take in while above 80% of what they opened with; the hub takes repayments in
                double payOut = index == 0 ? 0.45 : fillRatio(asset) > 0.8 ? 0.53 : 0.4;
                boolean out = random.nextDouble() < payOut && balances.get(asset).compareTo(amount) > 0;
                Planned planned = plan(asset, out ? DESK : counterparty, out ? counterparty : DESK, amount, null);
                if (random.nextInt(4) == 0) {
                    emit(name(), pending(planned));
                }
            }
            if (random.nextDouble() < chain.blockTimeMillis() / 120_000.0) {
                // a payment that never makes it out of the mempool; the engine drops it after its timeout
                emit(name(), pending(new Planned("USDC", DESK, BRIDGE, tokens("USDC", 1_000 + random.nextInt(9_000)), nextTxHash(), null)));
            }
        }

        Planned plan(String asset, String from, String to, BigInteger amount, Event then) {
            Planned planned = new Planned(asset, from, to, amount, nextTxHash(), then);
            upcoming.add(planned);
            balances.merge(asset, from.equals(DESK) ? amount.negate() : amount, BigInteger::add);
            return planned;
        }

        private PendingTransferObserved pending(Planned planned) {
            return new PendingTransferObserved(name(), planned.asset(), token(name(), planned.asset()), planned.from(), planned.to(),
                    planned.amount(), planned.txHash(), Event.NONE);
        }

        /** Ethereum: safe and finalized at epoch boundaries (32 and 64 blocks behind); an L2: batches every 30 s, safe a minute behind, final after 13. */
        private void finality() {
            long newSafe;
            long newFinalized;
            if (chain.kind() == ChainKind.L1) {
                if (head % 32 != 0) {
                    return;
                }
                newSafe = head - 32;
                newFinalized = head - 64;
            } else {
                if (now < nextFinalityAt) {
                    return;
                }
                nextFinalityAt = now + 30_000;
                newSafe = head - 60_000 / chain.blockTimeMillis();
                newFinalized = head - 780_000 / chain.blockTimeMillis();
            }
            if (newSafe > safe && newSafe >= firstBlock) {
                safe = newSafe;
                emit(name(), new FinalityAdvanced(name(), Tier.SAFE, safe));
            }
            if (newFinalized > finalized && newFinalized >= firstBlock) {
                finalized = newFinalized;
                emit(name(), new FinalityAdvanced(name(), Tier.FINALIZED, finalized));
            }
        }

        private String hash(long number) {
            long mixed = (number * 0x9E3779B97F4A7C15L) ^ (fork * 0xC2B2AE3D27D4EB4FL) ^ ((long) index << 56);
            return String.format("0x%016x%016x%016x%016x", mixed, Long.rotateLeft(mixed, 17) ^ number, index * 31L + fork, mixed ^ 0x5bd1e995L);
        }
    }

    private String nextTxHash() {
        return String.format("0x%064x", ++tx);
    }
}
