package io.ballast.actors;

import io.ballast.engine.event.Event;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.stream.typed.javadsl.ActorFlow;

/**
 * A producer's way into one chain actor: a bounded Pekko Streams queue whose elements are asked of
 * the chain actor one after another, each answered once journalled. When the engine falls behind,
 * the queue fills and {@link #offer} waits: the producer is slowed, no mailbox grows. How long
 * producers waited is counted ({@link #stats}). One producer thread per feed.
 */
public final class ChainFeed {

    /** How much a feed's producer was slowed: offers made, and time spent waiting for room in total and at most. */
    public record Stats(String chain, long offers, long waitedNanos, long maxWaitNanos) {
    }

    private static final Duration ASK_TIMEOUT = Duration.ofMinutes(5);

    private final String chain;
    private final SourceQueueWithComplete<Event> queue;
    private final CompletionStage<Done> done;
    private final AtomicLong offers = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private final AtomicLong maxWaitNanos = new AtomicLong();

    ChainFeed(String chain, ActorRef<ChainActor.Command> chainActor, int buffer, ActorSystem<?> system) {
        this.chain = chain;
        Pair<SourceQueueWithComplete<Event>, CompletionStage<Done>> stream = Source.<Event>queue(buffer, OverflowStrategy.backpressure(), 1)
                .via(ActorFlow.<Event, ChainActor.Command, ChainActor.Observed>ask(1, chainActor, ASK_TIMEOUT, ChainActor.Observe::new))
                .toMat(Sink.ignore(), Keep.both())
                .run(system);
        this.queue = stream.first();
        this.done = stream.second();
    }

    /**
     * Hands an event to the chain, waiting while the feed is full.
     *
     * @throws IllegalStateException when the feed is closed or its stream failed
     */
    public synchronized void offer(Event event) {
        long start = System.nanoTime();
        QueueOfferResult result;
        try {
            result = queue.offer(event).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(chain + " feed: interrupted while waiting for room", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(chain + " feed failed: " + e.getCause().getMessage(), e.getCause());
        }
        long waited = System.nanoTime() - start;
        offers.incrementAndGet();
        waitedNanos.addAndGet(waited);
        maxWaitNanos.accumulateAndGet(waited, Math::max);
        if (result != QueueOfferResult.enqueued()) {
            throw new IllegalStateException(chain + " feed did not take the event: " + result);
        }
    }

    public Stats stats() {
        return new Stats(chain, offers.get(), waitedNanos.get(), maxWaitNanos.get());
    }

    /** Stops taking events; completes once every event offered is journalled. */
    CompletionStage<Done> complete() {
        queue.complete();
        return done;
    }
}
