/**
 * The embedding API: {@link io.ballast.engine.Ballast} journals each input, applies it to the
 * exposure state, turns it into decisions, journals and publishes those, and snapshots now and then;
 * on start it recovers from the newest snapshot and the journal tail. Sub-packages hold the model,
 * events, codecs, journal, state machine, decisions and snapshots.
 */
package io.ballast.engine;
