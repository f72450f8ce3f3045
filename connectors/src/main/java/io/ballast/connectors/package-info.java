/**
 * Live sources and sinks. {@link io.ballast.connectors.chain} follows chains through web3j (blocks,
 * transfers, finality, reorgs, reconciliation); Kafka inputs and the decision outbox are to come.
 */
package io.ballast.connectors;
