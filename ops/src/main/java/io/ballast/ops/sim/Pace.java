package io.ballast.ops.sim;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The simulation's clock for whoever plays it: each step is due at its time divided by the speed,
 * counted from the first step played. Waiting parks (never spins) and looks every 50 ms whether the
 * player was stopped.
 */
public final class Pace {

    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final double speed;
    private final long startNanos;

    /** A clock on which {@code first} is due now. */
    public Pace(double speed, DeskSimulation.Step first) {
        this.speed = speed;
        this.startNanos = System.nanoTime() - (long) (first.atMillis() * 1e6 / speed);
    }

    public long dueNanos(DeskSimulation.Step step) {
        return startNanos + (long) (step.atMillis() * 1e6 / speed);
    }

    /** Parks until {@code nanoTime} or until {@code running} says no more. */
    public static void parkUntil(long nanoTime, BooleanSupplier running) {
        for (long wait = nanoTime - System.nanoTime(); wait > 0 && running.getAsBoolean(); wait = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(wait, LOOK_NANOS));
        }
    }

    /** Wakes a player that was told to stop and waits for it to finish the step under way (at most 35 s). */
    public static void awaitStopped(Thread player) {
        LockSupport.unpark(player);
        try {
            player.join(TimeUnit.SECONDS.toMillis(35));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
