/**
 * Pekko typed actors per chain, per asset and for the portfolio, with supervision and cluster
 * sharding, over the engine's journal.
 */
package io.ballast.actors;
