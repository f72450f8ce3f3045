/**
 * Asset partitions: how a cluster splits the inputs among them ({@link io.ballast.engine.route.AssetPartitions}),
 * the one routing every ingest node and every test agrees on, so that the engines of all partitions
 * together decide what one engine deciding everything would; and what a partition leaves for its next
 * owner ({@link io.ballast.engine.route.PartitionStore}).
 */
package io.ballast.engine.route;
