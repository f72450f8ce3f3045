/**
 * The embedded default's world: a deterministic desk on simulated chains ({@link io.ballast.ops.sim.DeskSimulation}),
 * its clock ({@link io.ballast.ops.sim.Pace}), and the runner that plays it at the chains' block times into the
 * live pipeline (a cluster's ingest plays it into Kafka: {@code io.ballast.ops.cluster.SimulationIngest}).
 */
package io.ballast.ops.sim;
