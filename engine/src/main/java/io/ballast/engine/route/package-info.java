/**
 * How a cluster splits the inputs among asset partitions ({@link io.ballast.engine.route.AssetPartitions}):
 * the one routing every ingest node and every test agrees on, so that the engines of all partitions
 * together decide what one engine deciding everything would.
 */
package io.ballast.engine.route;
