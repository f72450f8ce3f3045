package io.ballast.engine.decision;

import java.math.BigInteger;

/** Move {@code amount} base units of {@code asset} from the hub chain to {@code toChain}. */
public record RebalanceOrder(String id, String asset, String fromChain, String toChain, BigInteger amount, String reason,
                             long journalSeq) implements Decision {

    @Override
    public String subject() {
        return "rebalance/" + asset + "/" + toChain;
    }
}
