/**
 * Ballast on a Pekko cluster: the asset partitions and the portfolio as sharded entities ({@link io.ballast.actors.cluster.PartitionEntity}),
 * each an engine over the inputs of one partition of the events log, placed by whoever reads that
 * partition ({@link io.ballast.actors.cluster.PartitionSharding}, Cluster Sharding's external allocation),
 * and restored where it moves from the snapshot and decisions it left in a {@link io.ballast.engine.route.PartitionStore}.
 * Nothing here knows Kafka: the store and the log are behind interfaces that the ops module wires to topics.
 */
package io.ballast.actors.cluster;
