/**
 * A Ballast node of a cluster ({@link io.ballast.ops.cluster.ClusterNode}): the Pekko cluster it joins, the
 * asset partitions sharded over the nodes, and the reader of the events topic whose Kafka assignment
 * places them ({@link io.ballast.ops.cluster.PartitionLogReader}); its HTTP surface, {@code /api/cluster}
 * among it ({@link io.ballast.ops.cluster.ClusterHttp}).
 */
package io.ballast.ops.cluster;
