package io.ballast.actors;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.ChainStalled;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.FinalityAdvanced;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Chain;
import io.ballast.engine.model.Tier;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One chain's raw stream, put in order before it reaches the journal. Blocks go in number order: a
 * block past a gap is held, and the missing numbers are asked of the source ({@link Backfill}); logs
 * and balances of a block not seen yet wait for it. A block whose number or parent does not match
 * the blocks seen is let through and counted as a reorg (the engine retracts). The head, safe and
 * finalized heights and the head's age are tracked; a chain silent for longer than its stall limit
 * is journalled as stalled ({@link ChainStalled}), once, until its next block.
 *
 * <p>Every input goes to the input log ({@link InputLog}: the engine actor, or a cluster's ingest)
 * under this chain's source ({@code chain:<name>}) with a position that only goes up, resumed from
 * the log at start, in batches of what is ready, at most {@code max-in-flight} unanswered. A batch
 * the log has not acknowledged after {@code resend-after} is sent again at the same positions (the
 * log drops repeats), so a restart of the log loses nothing and doubles nothing. A feed's
 * {@link Observe} is answered once everything it released is journalled: that answer is the feed's
 * backpressure.
 */
public final class ChainActor extends AbstractBehavior<ChainActor.Command> {

    /** What a chain actor understands. */
    public sealed interface Command permits Observe, GetStatus, Stop, Resumed, ResumeUnanswered, LogAnswered, ResendTick,
            StallTick {
    }

    /** Events of this chain from its source, in its order; {@code replyTo} hears when they are journalled or held. */
    public record Observe(List<Event> events, ActorRef<Observed> replyTo) implements Command, BallastMessage {

        public Observe(Event event, ActorRef<Observed> replyTo) {
            this(List.of(event), replyTo);
        }
    }

    /** The answer to an {@link Observe}: journalled (or repeated), or some held for a gap. */
    public record Observed(String chain, boolean held) implements BallastMessage {
    }

    public record GetStatus(ActorRef<Status> replyTo) implements Command, BallastMessage {
    }

    /**
     * What the chain actor knows. Heights are -1 until seen; {@code headAgeMillis} is -1 before the
     * first block.
     */
    public record Status(String chain, long head, long safe, long finalized, long headAgeMillis, boolean stalled, long reorgsSeen,
                         long gapsRequested, int held, int inFlight, long journalled) implements BallastMessage {
    }

    /** Stops the chain actor (its feed is completed first, so nothing is left unanswered). */
    public enum Stop implements Command, BallastMessage {
        INSTANCE
    }

    /** Private: the log said where this chain's source stands. */
    private record Resumed(long position) implements Command {
    }

    /** Private: the log did not say where this chain's source stands in time. */
    private record ResumeUnanswered(Throwable cause) implements Command {
    }

    /** Private: the log's answer to one forwarded input. */
    private record LogAnswered(InputLog.Submitted submitted) implements Command {
    }

    /** Private tick: send again what the log has not answered in time. */
    private enum ResendTick implements Command {
        INSTANCE
    }

    /** Private tick: has the chain gone silent? */
    private enum StallTick implements Command {
        INSTANCE
    }

    /** Where a chain actor asks for the blocks of a gap (a connector fetches them by number). */
    @FunctionalInterface
    public interface Backfill {
        void request(String chain, long fromBlock, long toBlock);
    }

    /** Inputs sent to the log together and not answered yet. */
    private record Outstanding(List<Event> events, long sentAtMillis) {
    }

    /** A feed's question, answered once every input up to {@code lastPosition} is journalled. */
    private record Waiter(long lastPosition, boolean held, ActorRef<Observed> replyTo) {
    }

    private static final int REMEMBERED_HASHES = 256;

    private final Chain chain;
    private final String source;
    private final ActorRef<InputLog.Command> log;
    private final ActorRef<InputLog.Submitted> logAnswers;
    private final Backfill backfill;
    private final ActorSettings settings;
    private final LongSupplier nowMillis;
    private long position;
    private long head = Event.NONE;
    private long safe = Event.NONE;
    private long finalized = Event.NONE;
    private long headSeenAtMillis = Event.NONE;
    private boolean stalled;
    private long reorgsSeen;
    private long gapsRequested;
    private long backfillRequestedTo = Event.NONE;
    private long journalled;
    private final TreeMap<Long, String> hashes = new TreeMap<>();
    /** Inputs waiting for the block they belong to, by block number. */
    private final TreeMap<Long, List<Event>> held = new TreeMap<>();
    private int heldCount;
    private final TreeMap<Long, Outstanding> outstanding = new TreeMap<>();
    /** Inputs given positions but not sent yet: the log has max-in-flight of this chain's already. */
    private final ArrayDeque<Event> unsent = new ArrayDeque<>();
    private long lastSent;
    private int inFlight;
    private long lastGapResendMillis = Long.MIN_VALUE / 2;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    public static Behavior<Command> create(Chain chain, ActorRef<InputLog.Command> log, Backfill backfill,
                                           ActorSettings settings, LongSupplier nowMillis) {
        return Behaviors.withStash(settings.maxHeldEvents(), stash -> Behaviors.setup(context -> {
            askWhereTheSourceStands(context, chain, log, settings);
            return starting(context, chain, log, backfill, settings, nowMillis, stash);
        }));
    }

    /** Asks the log where this chain's source stands; no answer in resend-after (the log restarting or moving) is asked again. */
    private static void askWhereTheSourceStands(ActorContext<Command> context, Chain chain, ActorRef<InputLog.Command> log,
                                                ActorSettings settings) {
        context.ask(InputLog.SourcePosition.class, log, settings.resendAfter(),
                replyTo -> new InputLog.GetSourcePosition(sourceOf(chain.name()), replyTo),
                (answer, failure) -> answer != null ? new Resumed(answer.position()) : new ResumeUnanswered(failure));
    }

    /**
     * The chain whose stream carries an event (headers, logs, balances, mempool, finality), or null
     * for inputs that come from elsewhere (prices, bridges, positions, obligations, rule sets).
     */
    public static String streamOf(Event event) {
        if (event instanceof BlockObserved e) {
            return e.chain();
        }
        if (event instanceof TransferObserved e) {
            return e.chain();
        }
        if (event instanceof BalanceObserved e) {
            return e.chain();
        }
        if (event instanceof PendingTransferObserved e) {
            return e.chain();
        }
        if (event instanceof FinalityAdvanced e) {
            return e.chain();
        }
        return null;
    }

    /** The journal source name of a chain's inputs. */
    public static String sourceOf(String chain) {
        return "chain:" + chain;
    }

    /** Until the log says where the source stands, everything waits in the stash. */
    private static Behavior<Command> starting(ActorContext<Command> context, Chain chain, ActorRef<InputLog.Command> log,
                                              Backfill backfill, ActorSettings settings, LongSupplier nowMillis,
                                              StashBuffer<Command> stash) {
        return Behaviors.receive(Command.class)
                .onMessage(Resumed.class, resumed -> Behaviors.withTimers(timers -> stash.unstashAll(
                        new ChainActor(context, resumed.position(), chain, log, backfill, settings, nowMillis, timers))))
                .onMessage(ResumeUnanswered.class, unanswered -> {
                    context.getLog().warn("{}: the input log did not say where the chain stands ({}); asking again", chain.name(),
                            unanswered.cause().toString());
                    askWhereTheSourceStands(context, chain, log, settings);
                    return Behaviors.same();
                })
                .onAnyMessage(message -> {
                    stash.stash(message);
                    return Behaviors.same();
                })
                .build();
    }

    private ChainActor(ActorContext<Command> context, long position, Chain chain, ActorRef<InputLog.Command> log,
                       Backfill backfill, ActorSettings settings, LongSupplier nowMillis, TimerScheduler<Command> timers) {
        super(context);
        this.position = Math.max(position, 0);
        this.lastSent = this.position;
        this.chain = chain;
        this.source = sourceOf(chain.name());
        this.log = log;
        this.backfill = backfill;
        this.settings = settings;
        this.nowMillis = nowMillis;
        this.logAnswers = context.messageAdapter(InputLog.Submitted.class, LogAnswered::new);
        timers.startTimerWithFixedDelay(ResendTick.INSTANCE, settings.resendAfter().dividedBy(2));
        timers.startTimerWithFixedDelay(StallTick.INSTANCE, stallCheckInterval(chain, settings));
    }

    private static Duration stallCheckInterval(Chain chain, ActorSettings settings) {
        return Duration.ofMillis(Math.max(10, Math.min(1_000, chain.blockTimeMillis() * settings.stallCheckBlockTimes())));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Observe.class, this::onObserve)
                .onMessage(LogAnswered.class, this::onLogAnswered)
                .onMessage(ResendTick.class, tick -> onResend())
                .onMessage(StallTick.class, tick -> onStallCheck())
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(Stop.class, stop -> Behaviors.stopped())
                .build();
    }

    private Behavior<Command> onObserve(Observe observe) {
        boolean held = false;
        List<Event> events = observe.events();
        for (int i = 0; i < events.size(); i++) {
            long before = position;
            order(events.get(i));
            held |= position == before;
        }
        sendWhatFits();
        waiters.add(new Waiter(position, held, observe.replyTo()));
        answerWaiters();
        return this;
    }

    /** Forwards the inputs this event lets through, in the order the journal must see them. */
    private void order(Event event) {
        long block = blockOf(event);
        if (event instanceof BlockObserved header) {
            if (head != Event.NONE && header.number() > head + 1) {
                hold(header.number(), event);
                requestBackfill(header.number() - 1);
                return;
            }
            release(header);
            drainHeld();
        } else if (block != Event.NONE && (head == Event.NONE || block > head)) {
            hold(block, event);
        } else {
            if (event instanceof FinalityAdvanced finality) {
                if (finality.tier() == Tier.FINALIZED) {
                    finalized = Math.max(finalized, finality.number());
                } else {
                    safe = Math.max(safe, finality.number());
                }
            }
            forward(event);
        }
        if (heldCount > settings.maxHeldEvents()) {
            // The gap is not being filled: let everything through in block order rather than hold without bound.
            getContext().getLog().warn("{}: {} events held past a gap at block {}; releasing them unordered by gap",
                    chain.name(), heldCount, head + 1);
            held.values().forEach(events -> events.forEach(this::forward));
            held.clear();
            heldCount = 0;
        }
    }

    /** The block an input belongs to: a header's own number, a log's or a balance's block, or none. */
    private static long blockOf(Event event) {
        if (event instanceof TransferObserved transfer) {
            return transfer.block();
        }
        if (event instanceof BalanceObserved balance) {
            return balance.block();
        }
        return Event.NONE;
    }

    private void hold(long block, Event event) {
        held.computeIfAbsent(block, b -> new ArrayList<>()).add(event);
        heldCount++;
    }

    private void requestBackfill(long toBlock) {
        if (toBlock > backfillRequestedTo) {
            long from = Math.max(head + 1, backfillRequestedTo + 1);
            backfill.request(chain.name(), from, toBlock);
            backfillRequestedTo = toBlock;
            gapsRequested++;
        }
    }

    private void release(BlockObserved header) {
        String known = hashes.get(header.number());
        String parent = hashes.get(header.number() - 1);
        if ((known != null && !known.equals(header.hash())) || (parent != null && !parent.equals(header.parentHash()))) {
            reorgsSeen++;
            hashes.tailMap(header.number(), true).clear();
        }
        hashes.put(header.number(), header.hash());
        while (hashes.size() > REMEMBERED_HASHES) {
            hashes.pollFirstEntry();
        }
        head = head == Event.NONE ? header.number() : Math.max(head, header.number());
        headSeenAtMillis = nowMillis.getAsLong();
        stalled = false;
        forward(header);
    }

    /** Lets through what was held for blocks now seen, and blocks that now follow the head. */
    private void drainHeld() {
        while (!held.isEmpty() && held.firstKey() <= head + 1) {
            Map.Entry<Long, List<Event>> entry = held.pollFirstEntry();
            heldCount -= entry.getValue().size();
            List<Event> later = new ArrayList<>();
            for (Event event : entry.getValue()) {
                if (event instanceof BlockObserved header) {
                    release(header);
                } else if (entry.getKey() <= head) {
                    forward(event);
                } else {
                    later.add(event);
                }
            }
            if (!later.isEmpty()) {
                // Logs of the block right after the head whose header is still missing.
                held.put(entry.getKey(), later);
                heldCount += later.size();
                break;
            }
        }
        if (!held.isEmpty()) {
            requestBackfill(held.firstKey() - 1);
        }
    }

    /** Gives the input the next position; it goes to the log as soon as the log has room for this chain. */
    private void forward(Event event) {
        position++;
        unsent.add(event);
    }

    /**
     * Sends what waits, in one batch, up to max-in-flight inputs of this chain unanswered. While some
     * are unanswered, it waits until half the window is free: a busy engine gets fewer, larger batches
     * (fewer messages and replies to wake threads for), an idle one each input at once.
     */
    private void sendWhatFits() {
        int room = settings.maxInFlight() - inFlight;
        if (unsent.isEmpty() || room <= 0 || (inFlight > 0 && room < settings.maxInFlight() / 2)) {
            return;
        }
        List<Event> batch = new ArrayList<>(Math.min(room, unsent.size()));
        while (!unsent.isEmpty() && batch.size() < room) {
            batch.add(unsent.poll());
        }
        long first = lastSent + 1;
        lastSent += batch.size();
        inFlight += batch.size();
        outstanding.put(first, new Outstanding(batch, nowMillis.getAsLong()));
        send(first, batch);
    }

    private void send(long first, List<Event> batch) {
        log.tell(new InputLog.Submit(source, first, batch, true, logAnswers));
    }

    private Behavior<Command> onLogAnswered(LogAnswered answered) {
        InputLog.Submitted submitted = answered.submitted();
        if (submitted.missingFrom() != Event.NONE) {
            // An earlier batch was lost with a failure of the log and this one overtook its re-send: send all
            // again, in order — once; the batches queued behind it say the same, and the re-send answers them all.
            long now = nowMillis.getAsLong();
            if (now - lastGapResendMillis >= settings.resendAfter().toMillis() / 2) {
                lastGapResendMillis = now;
                outstanding.replaceAll((first, unanswered) -> new Outstanding(unanswered.events(), now));
                outstanding.forEach((first, unanswered) -> send(first, unanswered.events()));
            }
            return this;
        }
        Outstanding batch = outstanding.remove(submitted.position());
        if (batch != null) {
            journalled += batch.events().size();
            inFlight -= batch.events().size();
            submitted.rejections().forEach(rejection -> getContext().getLog().error("{}: the log refused {}", chain.name(), rejection));
            sendWhatFits();
        }
        answerWaiters();
        return this;
    }

    /** Answers every feed question whose inputs are all journalled (inputs are answered in order). */
    private void answerWaiters() {
        long firstOpen = !outstanding.isEmpty() ? outstanding.firstKey() : unsent.isEmpty() ? Long.MAX_VALUE : lastSent + 1;
        while (!waiters.isEmpty() && waiters.peekFirst().lastPosition() < firstOpen) {
            Waiter waiter = waiters.pollFirst();
            waiter.replyTo().tell(new Observed(chain.name(), waiter.held()));
        }
    }

    private Behavior<Command> onResend() {
        long now = nowMillis.getAsLong();
        long resendAfter = settings.resendAfter().toMillis();
        for (Iterator<Map.Entry<Long, Outstanding>> it = outstanding.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Outstanding> entry = it.next();
            if (now - entry.getValue().sentAtMillis() >= resendAfter) {
                entry.setValue(new Outstanding(entry.getValue().events(), now));
                send(entry.getKey(), entry.getValue().events());
            }
        }
        return this;
    }

    private Behavior<Command> onStallCheck() {
        if (head == Event.NONE || stalled) {
            return this;
        }
        long now = nowMillis.getAsLong();
        if (now - headSeenAtMillis > chain.blockTimeMillis() * settings.stallAfterBlockTimes()) {
            stalled = true;
            getContext().getLog().warn("{}: no block for {} ms (head {}); journalling a stall", chain.name(), now - headSeenAtMillis, head);
            forward(new ChainStalled(chain.name(), now / 1000));
            sendWhatFits();
        }
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus get) {
        long age = headSeenAtMillis == Event.NONE ? Event.NONE : nowMillis.getAsLong() - headSeenAtMillis;
        get.replyTo().tell(new Status(chain.name(), head, safe, finalized, age, stalled, reorgsSeen, gapsRequested, heldCount,
                inFlight + unsent.size(), journalled));
        return this;
    }
}
