package io.ballast.engine.event;

import java.math.BigInteger;

/** A confirmed token movement (a delta) included in {@code block}; identified by tx hash and log index. */
public record TransferObserved(String chain, String asset, String token, String from, String to, BigInteger amount,
                               String txHash, long logIndex, long block) implements Event {
}
