package io.ballast.risk.eval;

/**
 * Counts the passes of {@link Figures} in which something a family of scopes reads may have moved:
 * one asset with its chains and groups, or one chain. A scope's remembered figures hold while neither
 * its family's count nor the figures' pass over everything has moved since it computed them.
 */
final class Epoch {

    long count;
}
