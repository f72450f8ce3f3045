package io.ballast.actors;

import io.ballast.engine.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorFlow;

/**
 * A producer's way into one chain actor: a bounded Pekko Streams queue whose elements are asked of
 * the chain actor in order (what waits while the actor is busy goes in one message), each answered
 * once journalled. Offering takes no thread hop; when the engine falls behind the queue fills and
 * {@link #offer} parks until there is room: the producer is slowed, no mailbox grows. How long
 * producers waited is counted ({@link #stats}).
 */
public final class ChainFeed {

    /** How much a feed's producer was slowed: offers made, and time spent waiting for room in total and at most. */
    public record Stats(String chain, long offers, long waitedNanos, long maxWaitNanos) {
    }

    private static final Duration ASK_TIMEOUT = Duration.ofMinutes(5);
    /**
     * How long a producer waiting for room parks at most: it is woken as soon as the stream takes a
     * batch (room follows at once), so this only bounds a wake-up that raced past it.
     */
    private static final long PARK_NANOS = 1_000_000;

    private final String chain;
    /** An event offered, and what completes once it is journalled (one object: a producer offers every event). */
    private static final class Offered extends CompletableFuture<ChainActor.Observed> {
        final Event event;

        Offered(Event event) {
            this.event = event;
        }
    }

    /** Offered events that go to the chain actor together. */
    private static final class Batch {
        final List<Event> events = new ArrayList<>();
        final List<Offered> journalled = new ArrayList<>();

        Batch(Offered first) {
            add(first);
        }

        Batch add(Offered offered) {
            events.add(offered.event);
            journalled.add(offered);
            return this;
        }
    }

    private final BoundedSourceQueue<Offered> queue;
    private final CompletionStage<Done> done;
    private final AtomicLong offers = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private final AtomicLong maxWaitNanos = new AtomicLong();
    /** The producer parked for room, if any (offers are serialised, so at most one). */
    private volatile Thread waiting;

    /** A feed into {@code chainActor}, its stream run on {@code system} (an {@link ActorBallast} makes one per chain). */
    public ChainFeed(String chain, ActorRef<ChainActor.Command> chainActor, ActorSettings settings, ActorSystem<?> system) {
        this.chain = chain;
        Pair<BoundedSourceQueue<Offered>, CompletionStage<Done>> stream =
                Source.<Offered>queue(settings.feedBuffer())
                        // While the chain actor is busy, what waits goes to it in one message.
                        .batch(settings.feedBuffer(), Batch::new, Batch::add)
                        .map(batch -> {
                            wakeProducer(); // the batch stage pulls from the queue again: there is room
                            return Pair.create(batch.events, batch.journalled);
                        })
                        .via(ActorFlow.<List<Event>, ChainActor.Command, ChainActor.Observed, List<Offered>>askWithContext(
                                settings.feedParallelism(), chainActor, ASK_TIMEOUT, ChainActor.Observe::new))
                        .map(answered -> {
                            answered.second().forEach(journalled -> journalled.complete(answered.first()));
                            return answered.first();
                        })
                        .toMat(Sink.ignore(), Keep.both())
                        .withAttributes(ActorAttributes.dispatcher(ActorSettings.DISPATCHER))
                        .run(system);
        this.queue = stream.first();
        this.done = stream.second();
    }

    /**
     * Hands an event to the chain, waiting while the feed is full.
     *
     * @return completes when the event is journalled (or held by the chain actor for a gap)
     * @throws IllegalStateException when the feed is closed or its stream failed
     */
    public synchronized CompletionStage<ChainActor.Observed> offer(Event event) {
        Offered offered = new Offered(event);
        QueueOfferResult result = queue.offer(offered);
        if (result == QueueOfferResult.dropped()) {
            result = waitForRoom(offered);
        }
        offers.incrementAndGet();
        if (result != QueueOfferResult.enqueued()) {
            throw new IllegalStateException(chain + " feed did not take the event: " + result);
        }
        return offered;
    }

    /**
     * The feed is full: the producer parks until there is room (backpressure). It is woken when the
     * stream takes a batch, not by polling: a 50 µs poll cost the producers of a busy engine most of a core.
     */
    private QueueOfferResult waitForRoom(Offered offered) {
        long start = System.nanoTime();
        QueueOfferResult result;
        waiting = Thread.currentThread();
        try {
            do {
                LockSupport.parkNanos(this, PARK_NANOS);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(chain + " feed: interrupted while waiting for room");
                }
                result = queue.offer(offered);
            } while (result == QueueOfferResult.dropped());
        } finally {
            waiting = null;
        }
        long waited = System.nanoTime() - start;
        waitedNanos.addAndGet(waited);
        maxWaitNanos.accumulateAndGet(waited, Math::max);
        return result;
    }

    private void wakeProducer() {
        Thread producer = waiting;
        if (producer != null) {
            LockSupport.unpark(producer);
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
