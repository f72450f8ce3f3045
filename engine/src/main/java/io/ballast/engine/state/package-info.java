/**
 * The exposure state machine: a pure, deterministic function of the journalled events.
 *
 * <p>{@link io.ballast.engine.state.ExposureState} keeps, per chain, the recent block headers and the
 * safe/finalized heights; per (chain, asset, token, account) a ledger of balance changes by block,
 * folded into a base once final; pending mempool transfers; transfers in flight between chains;
 * prices, positions and obligations. Time comes only from events (the engine clock is the latest
 * event time seen), so the same journal always yields the same state, which
 * {@link io.ballast.engine.state.StateCodec} encodes canonically for snapshots and the state hash.
 */
package io.ballast.engine.state;
