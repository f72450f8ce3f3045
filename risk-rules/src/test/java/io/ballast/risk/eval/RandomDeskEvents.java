package io.ballast.risk.eval;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.BridgeStatus;
import io.ballast.engine.event.BridgeTransferUpdated;
import io.ballast.engine.event.ChainStalled;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.FinalityAdvanced;
import io.ballast.engine.event.ObligationObserved;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Tier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** A random desk's inputs, deterministic by seed: the rule set first, then 4,000 inputs of every kind. */
final class RandomDeskEvents {

    private static final String[] CHAINS = {"ethereum", "arbitrum", "optimism", "base"};
    private static final String[] ASSETS = {"USDC", "WETH", "DAI"};

    /** The desk's haircuts, groups and inventory targets: rule-file sections for the tests' rules to follow. */
    static final String INVENTORY = String.join("\n",
            "haircuts: { unsafe: 0.5, safe: 0.9 }",
            "groups: { superchain: [optimism, base] }",
            "inventory:",
            "  USDC: { hub: ethereum, max-amount: 5000, min-amount: 10, cooldown: 30s, chains: { arbitrum: { target: 20%, threshold: 15% },"
                    + " base: { target: 20%, threshold: 10% } } }",
            "  WETH: { hub: ethereum, max-amount: 50, min-amount: 1, chains: { optimism: { target: 30%, threshold: 20% } } }");

    private RandomDeskEvents() {
    }

    /**
     * Every kind of input over three assets and four chains, with reorgs, stalls, bridges, obligations and a margin position;
     * with {@code crossTokenTransactions}, also transactions seen pending on one token and confirmed by another's log.
     */
    static List<Event> of(long seed, String rules, boolean crossTokenTransactions) {
        Random random = new Random(seed);
        Catalogue catalogue = Catalogue.defaults();
        List<Event> events = new ArrayList<>();
        events.add(new RulesVersionMarked("v1", new TreeMap<>(Map.of("rules.yaml", rules))));
        long time = 1_700_000_000L;
        long[] head = new long[CHAINS.length];
        String[] headHash = new String[CHAINS.length];
        String[] parentHash = new String[CHAINS.length];
        for (int c = 0; c < CHAINS.length; c++) {
            headHash[c] = "0x" + c + "-0";
        }
        for (int i = 0; i < 4_000; i++) {
            int c = random.nextInt(CHAINS.length);
            String chain = CHAINS[c];
            String asset = ASSETS[random.nextInt(ASSETS.length)];
            String token = catalogue.resolveToken(chain, asset, null);
            BigInteger amount = BigInteger.valueOf(1 + random.nextInt(3_000)).multiply(BigInteger.TEN.pow(asset.equals("WETH") ? 16 : 6));
            int kind = random.nextInt(crossTokenTransactions ? 25 : 24);
            if (kind < 8) {
                boolean in = random.nextBoolean();
                events.add(new TransferObserved(chain, asset, token, in ? "0xu" : "0xdesk", in ? "0xdesk" : "0xu", amount, "0x" + i, 0,
                        Math.max(head[c], 1)));
            } else if (kind < 10) {
                events.add(new BalanceObserved(chain, asset, token, "0xdesk", amount.multiply(BigInteger.TEN), Event.NONE));
            } else if (kind < 12) {
                events.add(new PendingTransferObserved(chain, asset, token, "0xdesk", "0xu", amount, "0xp" + i, Event.NONE));
            } else if (kind < 16) {
                time += random.nextInt(20);
                head[c]++;
                parentHash[c] = headHash[c];
                headHash[c] = "0x" + c + "-" + head[c];
                events.add(new BlockObserved(chain, head[c], headHash[c], parentHash[c], time));
            } else if (kind < 17 && head[c] > 3 && parentHash[c] != null) {
                // the head block again under another hash: a reorg of depth one, retracting its transfers
                headHash[c] = "0x" + c + "-" + head[c] + "-r" + i;
                events.add(new BlockObserved(chain, head[c], headHash[c], parentHash[c], time));
            } else if (kind < 18) {
                events.add(new FinalityAdvanced(chain, Tier.FINALIZED, Math.max(0, head[c] - 3)));
            } else if (kind < 20) {
                time += random.nextInt(5);
                events.add(new PriceObserved(asset, asset.equals("WETH") ? new BigDecimal(1000 + random.nextInt(3000)) : BigDecimal.ONE,
                        time, "test"));
            } else if (kind < 21) {
                events.add(new BridgeTransferUpdated("b" + i, asset, "ethereum", chain, amount, BridgeStatus.INITIATED, 60, time));
            } else if (kind < 22) {
                events.add(new ObligationObserved("o" + (i % 7), "DAI", chain, amount, random.nextBoolean()));
            } else if (kind < 23) {
                events.add(new PositionObserved("p-1", "aave-" + chain,
                        new TreeMap<>(Map.of("WETH", BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(1 + random.nextInt(20))))),
                        new TreeMap<>(Map.of("USDC", BigInteger.valueOf(10_000 + random.nextInt(40_000)).multiply(BigInteger.TEN.pow(6)))),
                        new BigDecimal("0.825")));
            } else if (kind < 24) {
                time += 40;
                events.add(new ChainStalled(chain, time));
            } else {
                // one transaction, two tokens: seen pending as USDC, confirmed by its WETH log, so the USDC pending goes too
                String usdc = catalogue.resolveToken(chain, "USDC", null);
                String weth = catalogue.resolveToken(chain, "WETH", null);
                events.add(new PendingTransferObserved(chain, "USDC", usdc, "0xdesk", "0xu", BigInteger.valueOf(900_000_000L), "0xm" + i,
                        Event.NONE));
                events.add(new TransferObserved(chain, "WETH", weth, "0xu", "0xdesk", amount, "0xm" + i, 1, Math.max(head[c], 1)));
            }
        }
        return events;
    }
}
