package io.ballast.ops.cluster;

import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The cluster's one ingest, a Cluster Singleton on the oldest node with the {@code ingest} role: it
 * plays while it lives there, and when it moves (that node leaves or is lost) it stops, committing
 * what it played, and the next node's resumes after the last step committed.
 */
final class IngestSingleton {

    /** What the singleton understands. */
    sealed interface Command permits Stop {
    }

    /** What the singleton manager sends to hand the ingest over. */
    record Stop() implements Command {
    }

    private IngestSingleton() {
    }

    static Behavior<Command> create(Supplier<SimulationIngest> ingest) {
        return Behaviors.setup(context -> {
            SimulationIngest playing = ingest.get();
            playing.start();
            return Behaviors.receive(Command.class)
                    .onMessage(Stop.class, stop -> Behaviors.stopped())
                    .onSignal(PostStop.class, stopped -> {
                        playing.close();
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
