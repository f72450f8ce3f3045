/**
 * Ballast on Pekko typed actors. A {@link io.ballast.actors.ChainActor} per chain puts that chain's
 * stream in order (gaps backfilled, reorgs noticed, stalls journalled) and hands it on in batches
 * under contiguous source positions to an {@link io.ballast.actors.InputLog} (the engine actor, or a
 * cluster's ingest); the {@link io.ballast.actors.EngineActor} is the one writer of
 * the journal and runs the engine's journal-then-apply path under a restarting supervisor;
 * {@link io.ballast.actors.AssetActor}s and a {@link io.ballast.actors.PortfolioActor} hold views.
 * {@link io.ballast.actors.ChainFeed}s bring producers in with backpressure and
 * {@link io.ballast.actors.ActorBallast} is the embedding API. Each actor's protocol is a sealed
 * {@code Command} of records; what may cross the wire is a {@link io.ballast.actors.BallastMessage},
 * serialized with Jackson. The engine, chain actors and feeds run on their own dispatcher
 * ({@code ballast.actors.dispatcher}, one thread per core), so their threads are predictable and a
 * host system's default dispatcher is left alone.
 */
package io.ballast.actors;
