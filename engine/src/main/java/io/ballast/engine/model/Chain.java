package io.ballast.engine.model;

import java.util.Objects;

/**
 * A chain Ballast watches. RPC endpoints are deliberately not part of the domain record: they carry
 * API keys and live in (redacted) connector config.
 *
 * @param name                    lower-case key used everywhere ({@code arbitrum})
 * @param chainId                 EIP-155 chain id
 * @param blockTimeMillis         expected block interval
 * @param challengeWindowSeconds  withdrawal challenge window (0 where validity proofs settle)
 */
public record Chain(String name, long chainId, ChainKind kind, long blockTimeMillis, Finality finality,
                    long challengeWindowSeconds) {

    public Chain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(finality, "finality");
        if (blockTimeMillis <= 0) {
            throw new IllegalArgumentException("chain " + name + ": block time must be positive");
        }
    }
}
