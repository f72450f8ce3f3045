/**
 * Live sources and sinks: web3j chain sources (blocks, logs, mempool, finality, reconciliation) and
 * Kafka inputs and outboxes.
 */
package io.ballast.connectors;
