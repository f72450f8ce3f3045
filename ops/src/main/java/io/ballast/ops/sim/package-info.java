/**
 * The embedded default's world: a deterministic desk on simulated chains ({@link io.ballast.ops.sim.DeskSimulation})
 * and the runner that plays it at the chains' block times into the live pipeline.
 */
package io.ballast.ops.sim;
