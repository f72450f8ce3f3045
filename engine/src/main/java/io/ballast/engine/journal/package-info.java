/**
 * The journal: the source of truth, on Chronicle Queue.
 *
 * <p>Two queues under one directory, each with a single writer: {@code inputs} holds every accepted
 * event in order, {@code decisions} every decision made from them. Record layout (version
 * {@value io.ballast.engine.journal.JournalLayout#VERSION}) is described once, in
 * {@link io.ballast.engine.journal.JournalLayout}. Readers that wait for new records park
 * ({@link io.ballast.engine.journal.JournalFollower}); a {@link io.ballast.engine.journal.PageToucher}
 * faults in the pages ahead of the writers from a thread of its own, parking between passes; nothing
 * here busy-spins.
 */
package io.ballast.engine.journal;
