package io.ballast.actors;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.TransferObserved;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Test inputs: a generated stream of one chain. */
final class ChainEvents {

    private ChainEvents() {
    }

    /** A desk balance, then blocks each with {@code transfersPerBlock} USDC transfers in and out of the desk. */
    static List<Event> stream(String chain, String token, int blocks, int transfersPerBlock) {
        List<Event> events = new ArrayList<>();
        events.add(new BlockObserved(chain, 1, chain + "-1", chain + "-0", 1_700_000_000L));
        events.add(new BalanceObserved(chain, "USDC", token, "0xdesk", BigInteger.valueOf(1_000_000_000_000L), 1));
        for (int number = 2; number <= blocks; number++) {
            events.add(new BlockObserved(chain, number, chain + "-" + number, chain + "-" + (number - 1), 1_700_000_000L + number));
            for (int t = 0; t < transfersPerBlock; t++) {
                boolean in = (number + t) % 2 == 0;
                events.add(new TransferObserved(chain, "USDC", token, in ? "0xu" : "0xdesk", in ? "0xdesk" : "0xu",
                        BigInteger.valueOf(1_000_000L * (1 + t)), chain + "-tx-" + number + "-" + t, t, number));
            }
        }
        return events;
    }
}
