/**
 * A Ballast node of a cluster ({@link io.ballast.ops.cluster.ClusterNode}): the Pekko cluster it joins, the
 * asset partitions and the portfolio sharded over the nodes with the {@code risk} role, and the reader of the
 * events and portfolio topics whose Kafka assignment places them ({@link io.ballast.ops.cluster.PartitionLogReader});
 * the cluster's one ingest on a node with the {@code ingest} role: the sequencer of the live chains
 * ({@link io.ballast.ops.cluster.IngestSequencer}) fed by each chain's one owner ({@link io.ballast.ops.cluster.ChainOwner}),
 * or the simulated desk ({@link io.ballast.ops.cluster.IngestSingleton}, {@link io.ballast.ops.cluster.SimulationIngest});
 * its decisions on the console
 * ({@link io.ballast.ops.cluster.ConsoleDecisions}); its HTTP surface, {@code /api/cluster} among it
 * ({@link io.ballast.ops.cluster.ClusterHttp}).
 */
package io.ballast.ops.cluster;
