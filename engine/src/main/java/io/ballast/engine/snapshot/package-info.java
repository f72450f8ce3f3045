/**
 * Snapshots: the canonical state encoding on disk with the journal position it reflects, written
 * atomically and checked by CRC on load, so a restart replays only the journal tail.
 */
package io.ballast.engine.snapshot;
