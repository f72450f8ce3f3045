package io.ballast.engine.decision;

import java.math.BigInteger;

/** Repay {@code amount} base units of {@code asset} debt of a margin position. */
public record LiquidationOrder(String id, String position, String asset, BigInteger amount, String reason,
                               long journalSeq) implements Decision {

    @Override
    public String subject() {
        return "liquidation/" + position;
    }
}
