package io.ballast.loadtests;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic desk workload: blocks on several chains at their relative block rates, each with
 * token transfers touching tracked accounts, some mempool transfers, periodic finality, price
 * updates, balance re-observations and occasional one-block reorgs.
 *
 * @param chains   chain names from the default catalogue
 * @param accounts number of tracked accounts
 */
public record Workload(long seed, List<String> chains, int accounts, int transfersPerBlock, int reorgEveryBlocks) {

    private static final String[] ASSETS = {"USDC", "WETH"};

    public static Workload standard(long seed) {
        return new Workload(seed, List.of("ethereum", "arbitrum", "optimism", "base"), 20, 6, 500);
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

    /** Generates about {@code count} events. */
    public List<Event> generate(int count) {
        Catalogue catalogue = Catalogue.defaults();
        Random random = new Random(seed);
        List<String> names = accountNames();
        List<Event> events = new ArrayList<>(count + 64);
        long[] head = new long[chains.size()];
        String[] hash = new String[chains.size()];
        long time = 1_700_000_000L;
        long tx = 0;
        for (int c = 0; c < chains.size(); c++) {
            head[c] = 1_000;
            hash[c] = "0x" + c + "c1000";
            events.add(new BlockObserved(chains.get(c), 1_000, hash[c], "0x" + c + "c999", time));
            for (String account : names) {
                for (String asset : ASSETS) {
                    events.add(new BalanceObserved(chains.get(c), asset, token(catalogue, c, asset), account,
                            BigInteger.valueOf(1_000_000 + random.nextInt(1_000_000)).multiply(BigInteger.TEN.pow(6)), 1_000));
                }
            }
        }
        while (events.size() < count) {
            int c = random.nextInt(chains.size());
            String chain = chains.get(c);
            time += random.nextInt(2);
            long number = head[c] + 1;
            boolean reorg = reorgEveryBlocks > 0 && random.nextInt(reorgEveryBlocks) == 0;
            if (reorg) {
                number = head[c]; // replace the head with a sibling
            }
            String parent = reorg ? "0x" + c + "c" + (number - 1) : hash[c];
            String blockHash = "0x" + c + (reorg ? "r" : "c") + number;
            events.add(new BlockObserved(chain, number, blockHash, parent, time));
            head[c] = number;
            hash[c] = blockHash;
            for (int t = 0; t < transfersPerBlock; t++) {
                String asset = ASSETS[random.nextInt(ASSETS.length)];
                String desk = names.get(random.nextInt(names.size()));
                String other = "0xcounterparty" + random.nextInt(1_000);
                boolean inbound = random.nextBoolean();
                BigInteger amount = BigInteger.valueOf(1 + random.nextInt(10_000)).multiply(BigInteger.TEN.pow(6));
                String txHash = "0x" + Long.toHexString(++tx);
                if (random.nextInt(10) == 0) {
                    events.add(new PendingTransferObserved(chain, asset, token(catalogue, c, asset), inbound ? other : desk,
                            inbound ? desk : other, amount, txHash, -1));
                }
                events.add(new TransferObserved(chain, asset, token(catalogue, c, asset), inbound ? other : desk,
                        inbound ? desk : other, amount, txHash, t, number));
            }
            if (number % 16 == 0) {
                events.add(new FinalityAdvanced(chain, Tier.SAFE, number - 4));
                events.add(new FinalityAdvanced(chain, Tier.FINALIZED, number - 12));
            }
            if (random.nextInt(50) == 0) {
                events.add(new PriceObserved(random.nextBoolean() ? "WETH" : "USDC",
                        new BigDecimal(random.nextInt(400_000) + 1).movePointLeft(2), time, "bench"));
            }
        }
        return events;
    }

    private String token(Catalogue catalogue, int chain, String asset) {
        return catalogue.resolveToken(chains.get(chain), asset, null);
    }
}
