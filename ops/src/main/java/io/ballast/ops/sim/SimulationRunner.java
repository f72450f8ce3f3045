package io.ballast.ops.sim;

import io.ballast.actors.ActorBallast;
import io.ballast.engine.event.Event;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Plays a {@link DeskSimulation} into a running Ballast at its pace (the chains' block times,
 * divided by {@code speed}): chain events through each chain's feed, like a connector's, the
 * others straight to the engine under the source {@code simulation:<seed>} at their step's index.
 * That position is how a restart resumes: the steps up to the last journalled one are skipped
 * without waiting; a chain event between it and the crash is offered again and the engine, which
 * knows its block and transaction, takes it once.
 */
public final class SimulationRunner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SimulationRunner.class.getName());

    private final ActorBallast ballast;
    private final DeskSimulation simulation;
    private final String source;
    private final double speed;
    private final LongConsumer endToEndNanos;
    private final Thread thread;
    private volatile boolean running = true;

    public SimulationRunner(ActorBallast ballast, DeskSimulation simulation, long seed, double speed, LongConsumer endToEndNanos) {
        this.ballast = ballast;
        this.simulation = simulation;
        this.source = sourceOf(seed);
        this.speed = speed;
        this.endToEndNanos = endToEndNanos;
        this.thread = new Thread(this::run, "ballast-simulation");
        this.thread.setDaemon(true);
    }

    /** The journal source of a seed's inputs that belong to no chain's stream. */
    public static String sourceOf(long seed) {
        return "simulation:" + seed;
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            long resumeAfter = ballast.query(state -> state.sourcePosition(source)).toCompletableFuture().join();
            DeskSimulation.Step step = simulation.next();
            while (step.index() <= resumeAfter) {
                step = simulation.next();
            }
            Pace pace = new Pace(speed, step);
            while (running) {
                Pace.parkUntil(pace.dueNanos(step), () -> running);
                if (running) {
                    play(step);
                    step = simulation.next();
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.log(System.Logger.Level.ERROR, "the simulation stopped", e);
            }
        }
    }

    private void play(DeskSimulation.Step step) {
        long offered = System.nanoTime();
        Event event = step.event();
        if (step.onChain()) {
            ballast.feed(step.chain()).offer(event).thenRun(() -> endToEndNanos.accept(System.nanoTime() - offered));
        } else {
            // joined, so that the position marks only steps the engine has taken
            ballast.submit(source, step.index(), event).toCompletableFuture().orTimeout(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)
                    .join();
            endToEndNanos.accept(System.nanoTime() - offered);
        }
    }

    /** Stops after the step under way; what was offered is journalled when the Ballast closes. */
    @Override
    public void close() {
        running = false;
        Pace.awaitStopped(thread);
    }
}
