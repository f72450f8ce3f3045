/**
 * Benchmarks and the deterministic workload they run on: the journal, the rules (stream and JMH),
 * the actor pipeline, end to end at fixed rates, recovery and scale ({@code load-tests/run}).
 *
 * <p>Topology of {@link io.ballast.loadtests.JournalBenchmark}: one thread does everything (generate,
 * append, apply, read); it needs one core, and on a 2-core machine the second absorbs Chronicle's
 * background resource releaser and the OS. Every figure is reported beside a baseline measured in
 * the same run on the same machine, because the machines are shared and noisy. The open-loop
 * benchmarks time each event from its planned send time, so no stall goes uncounted.
 */
package io.ballast.loadtests;
