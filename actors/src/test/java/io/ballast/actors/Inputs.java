package io.ballast.actors;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

/** Waiting, in tests, for the engine actor to have journalled a number of inputs — with a deadline, never forever. */
final class Inputs {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private Inputs() {
    }

    /** Waits until at least {@code count} inputs are journalled and returns the state hash then. */
    static EngineActor.StateHash awaitJournalled(ActorBallast ballast, long count) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            long journalled = ballast.query(state -> state.inputSeq()).toCompletableFuture().join();
            if (journalled >= count) {
                return ballast.stateHash().toCompletableFuture().join();
            }
            if (System.nanoTime() > deadline) {
                fail("only " + journalled + " of " + count + " inputs journalled after " + DEADLINE.toSeconds() + " s; chains: "
                        + ballast.feedStats());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
