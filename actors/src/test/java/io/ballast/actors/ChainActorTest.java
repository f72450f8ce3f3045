package io.ballast.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.ChainStalled;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The chain actor's protocol against a probe standing in for the engine actor: order, gaps and
 * backfill, reorgs, stalls on the chain's clock, re-sends of unanswered inputs, and answers to the feed
 * only once the engine has journalled.
 */
class ChainActorTest {

    private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseString(
            "ballast.actors.resend-after = 300ms\nballast.actors.stall-after-block-times = 5").withFallback(ConfigFactory.load()));
    private static final String BASE = "base";

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    private final TestProbe<InputLog.Command> log = KIT.createTestProbe();
    private final TestProbe<ChainActor.Observed> feed = KIT.createTestProbe();
    private final TestProbe<ChainActor.Status> status = KIT.createTestProbe();
    private final List<long[]> backfills = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    private ActorRef<ChainActor.Command> start(long resumeAt) {
        return start(resumeAt, ActorSettings.from(KIT.system().settings().config()));
    }

    private ActorRef<ChainActor.Command> start(long resumeAt, ActorSettings settings) {
        ActorRef<ChainActor.Command> chain = KIT.spawn(ChainActor.create(Catalogue.defaults().chain(BASE).orElseThrow(), log.ref(),
                (name, from, to) -> backfills.add(new long[] {from, to}), settings, clock::get));
        InputLog.GetSourcePosition ask = log.expectMessageClass(InputLog.GetSourcePosition.class);
        assertEquals("chain:base", ask.source());
        ask.replyTo().tell(new InputLog.SourcePosition(ask.source(), resumeAt));
        return chain;
    }

    @Test
    void aLogThatDoesNotSayWhereTheChainStandsIsAskedAgainAndNothingIsLostMeanwhile() {
        ActorRef<ChainActor.Command> chain = KIT.spawn(ChainActor.create(Catalogue.defaults().chain(BASE).orElseThrow(), log.ref(),
                (name, from, to) -> backfills.add(new long[] {from, to}), ActorSettings.from(KIT.system().settings().config()), clock::get));
        log.expectMessageClass(InputLog.GetSourcePosition.class); // lost: the log is moving
        chain.tell(new ChainActor.Observe(block(5, "0x5", "0x4"), feed.ref()));
        InputLog.GetSourcePosition again = log.expectMessageClass(InputLog.GetSourcePosition.class, Duration.ofSeconds(5));
        again.replyTo().tell(new InputLog.SourcePosition(again.source(), 7));
        InputLog.Submit submit = log.expectMessageClass(InputLog.Submit.class);
        assertEquals(List.of(8L, List.of(block(5, "0x5", "0x4"))), List.of(submit.position(), submit.events()),
                "what came meanwhile goes on after where the log said the chain stands");
    }

    private static BlockObserved block(long number, String hash, String parent) {
        return new BlockObserved(BASE, number, hash, parent, 1_700_000_000L + number * 2);
    }

    private static TransferObserved transfer(long block, String tx) {
        return new TransferObserved(BASE, "USDC", "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913", "0xu", "0xdesk",
                BigInteger.valueOf(5_000_000), tx, 0, block);
    }

    /** Expects the next submit, checks its inputs, and answers it as the engine would. */
    private InputLog.Submit journal(long position, Event... events) {
        InputLog.Submit submit = log.expectMessageClass(InputLog.Submit.class);
        assertEquals(position, submit.position(), "positions go up by one input at a time");
        assertEquals(List.of(events), submit.events());
        answer(submit);
        return submit;
    }

    @Test
    void blocksPastAGapWaitForTheBackfillAndEverythingReachesTheEngineInOrder() {
        ActorRef<ChainActor.Command> chain = start(-1);
        chain.tell(new ChainActor.Observe(block(1, "0x1", "0x0"), feed.ref()));
        journal(1, block(1, "0x1", "0x0"));
        assertFalse(feed.receiveMessage().held(), "answered once journalled");

        chain.tell(new ChainActor.Observe(block(4, "0x4", "0x3"), feed.ref()));
        chain.tell(new ChainActor.Observe(transfer(4, "0xt4"), feed.ref()));
        assertTrue(feed.receiveMessage().held());
        assertTrue(feed.receiveMessage().held());
        log.expectNoMessage(Duration.ofMillis(100));
        assertEquals(1, backfills.size());
        assertEquals(2, backfills.get(0)[0]);
        assertEquals(3, backfills.get(0)[1], "the source is asked for exactly the missing blocks");

        chain.tell(new ChainActor.Observe(block(2, "0x2", "0x1"), feed.ref()));
        journal(2, block(2, "0x2", "0x1"));
        chain.tell(new ChainActor.Observe(block(3, "0x3", "0x2"), feed.ref()));
        journal(3, block(3, "0x3", "0x2"), block(4, "0x4", "0x3"), transfer(4, "0xt4"));

        chain.tell(new ChainActor.GetStatus(status.ref()));
        ChainActor.Status known = status.receiveMessage();
        assertEquals(4, known.head());
        assertEquals(0, known.held());
        assertEquals(5, known.journalled());
        assertEquals(1, known.gapsRequested());
    }

    @Test
    void aBusyLogGetsBatchesOfAtLeastHalfTheWindowAnIdleOneEachInputAtOnce() {
        ActorRef<ChainActor.Command> chain = start(0, ActorSettings.from(ConfigFactory.parseString("ballast.actors.max-in-flight = 8")
                .withFallback(KIT.system().settings().config())));
        chain.tell(new ChainActor.Observe(block(1, "0x1", "0x0"), feed.ref()));
        InputLog.Submit first = log.expectMessageClass(InputLog.Submit.class);
        assertEquals(List.of(block(1, "0x1", "0x0")), first.events(), "an idle log gets the input at once");

        List<Event> transfers = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            transfers.add(transfer(1, "0xt" + i));
        }
        chain.tell(new ChainActor.Observe(transfers.subList(0, 8), feed.ref()));
        InputLog.Submit second = log.expectMessageClass(InputLog.Submit.class);
        assertEquals(List.of(2L, transfers.subList(0, 7)), List.of(second.position(), second.events()), "what the window has room for");

        answer(first);
        chain.tell(new ChainActor.Observe(transfers.subList(8, 11), feed.ref()));
        log.expectNoMessage(Duration.ofMillis(100)); // one input's room: less than half the window of 8
        answer(second);
        InputLog.Submit third = log.expectMessageClass(InputLog.Submit.class);
        assertEquals(List.of(9L, transfers.subList(7, 11)), List.of(third.position(), third.events()), "what waited, in one batch");
    }

    private static void answer(InputLog.Submit submit) {
        int count = submit.events().size();
        submit.replyTo().tell(new InputLog.Submitted(submit.source(), submit.position(), count, count, List.of(), -1));
    }

    @Test
    void aBlockThatReplacesAKnownOneGoesThroughAndCountsAsAReorg() {
        ActorRef<ChainActor.Command> chain = start(10);
        chain.tell(new ChainActor.Observe(block(7, "0x7", "0x6"), feed.ref()));
        journal(11, block(7, "0x7", "0x6"));
        chain.tell(new ChainActor.Observe(block(8, "0x8", "0x7"), feed.ref()));
        journal(12, block(8, "0x8", "0x7"));
        chain.tell(new ChainActor.Observe(block(8, "0x8b", "0x7"), feed.ref()));
        journal(13, block(8, "0x8b", "0x7"));
        chain.tell(new ChainActor.GetStatus(status.ref()));
        assertEquals(1, status.receiveMessage().reorgsSeen(), "the engine retracts; the chain actor notices and counts");
    }

    @Test
    void aSilentChainIsJournalledAsStalledOnceUntilItsNextBlock() {
        ActorRef<ChainActor.Command> chain = start(-1);
        chain.tell(new ChainActor.Observe(block(1, "0x1", "0x0"), feed.ref()));
        journal(1, block(1, "0x1", "0x0"));
        clock.addAndGet(11_000); // base blocks every 2 s; the limit is 5 block times
        InputLog.Submit stall = log.expectMessageClass(InputLog.Submit.class, Duration.ofSeconds(3));
        ChainStalled stalled = assertInstanceOf(ChainStalled.class, stall.events().get(0));
        assertEquals(BASE, stalled.chain());
        assertEquals(clock.get() / 1000, stalled.timestamp(), "the stall carries the chain actor's clock");
        stall.replyTo().tell(new InputLog.Submitted(stall.source(), stall.position(), 1, 1, List.of(), -1));
        log.expectNoMessage(Duration.ofMillis(1_500));
        chain.tell(new ChainActor.GetStatus(status.ref()));
        assertTrue(status.receiveMessage().stalled());
        chain.tell(new ChainActor.Observe(block(2, "0x2", "0x1"), feed.ref()));
        journal(3, block(2, "0x2", "0x1"));
        chain.tell(new ChainActor.GetStatus(status.ref()));
        assertFalse(status.receiveMessage().stalled(), "the next block ends the stall");
    }

    @Test
    void anInputTheEngineDoesNotAnswerIsSentAgainAtTheSamePosition() {
        ActorRef<ChainActor.Command> chain = start(-1);
        chain.tell(new ChainActor.Observe(block(1, "0x1", "0x0"), feed.ref()));
        InputLog.Submit lost = log.expectMessageClass(InputLog.Submit.class);
        clock.addAndGet(400);
        InputLog.Submit again = log.expectMessageClass(InputLog.Submit.class, Duration.ofSeconds(2));
        assertEquals(lost.position(), again.position());
        assertEquals(lost.events(), again.events());
        feed.expectNoMessage(Duration.ofMillis(50));
        again.replyTo().tell(new InputLog.Submitted(again.source(), again.position(), 1, 0, List.of(), -1));
        assertFalse(feed.receiveMessage().held(), "a repeat the engine recognised still answers the feed");
    }

    @Test
    void aBatchThatOvertookALostOneMakesEverythingUnansweredGoAgainInOrder() {
        ActorRef<ChainActor.Command> chain = start(-1);
        chain.tell(new ChainActor.Observe(block(1, "0x1", "0x0"), feed.ref()));
        InputLog.Submit lost = log.expectMessageClass(InputLog.Submit.class);
        chain.tell(new ChainActor.Observe(block(2, "0x2", "0x1"), feed.ref()));
        InputLog.Submit overtaking = log.expectMessageClass(InputLog.Submit.class);
        assertEquals(2, overtaking.position());
        assertTrue(overtaking.contiguous(), "a chain numbers every input");
        overtaking.replyTo().tell(new InputLog.Submitted(overtaking.source(), 2, 1, 0, List.of(), 1));
        journal(1, block(1, "0x1", "0x0"));
        journal(2, block(2, "0x2", "0x1"));
        assertFalse(feed.receiveMessage().held());
        assertFalse(feed.receiveMessage().held());
        assertEquals(lost.events(), List.of(block(1, "0x1", "0x0")));
    }
}
