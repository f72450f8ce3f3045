package io.ballast.actors;

import io.ballast.engine.event.Event;
import java.util.List;
import java.util.SortedMap;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The protocol of a log that sources feed: on one node the engine actor, which journals what it
 * takes; in a cluster the ingest's sequencer, which publishes it to the events topic. A chain actor
 * speaks only this, so the same chain actor feeds either.
 *
 * <p>A log numbers nothing itself: each input comes at its source's position, a repeat (a position
 * already taken) is dropped, and a source resumes after the last position the log holds.
 */
public final class InputLog {

    /** What every input log understands. Not sealed: each log adds its own private messages to it. */
    public interface Command {
    }

    /**
     * Inputs of {@code source}, the first at {@code position} and each next one position further
     * (positions of a source only go up; "" and -1 for inputs of no source, each then taken as new).
     * With {@code contiguous}, the source numbers every input from 1 (a chain actor does): an input
     * past the next expected position is not taken, since an earlier one is missing — after the log
     * restarts a later batch can overtake the re-send of the one that failed.
     */
    public record Submit(String source, long position, List<Event> events, boolean contiguous, ActorRef<Submitted> replyTo)
            implements Command, EngineActor.Command, BallastMessage {

        public Submit(String source, long position, Event event, ActorRef<Submitted> replyTo) {
            this(source, position, List.of(event), false, replyTo);
        }
    }

    /**
     * The answer to a submit of {@code count} inputs from {@code position}: how many were taken (the
     * others were repeats, already taken), why any was rejected, and — for a contiguous source whose
     * earlier input is missing — the position to send again from (else -1; then nothing of this
     * submit past that position was taken).
     */
    public record Submitted(String source, long position, int count, int applied, List<String> rejections, long missingFrom)
            implements BallastMessage {

        public boolean accepted() {
            return rejections.isEmpty();
        }
    }

    /** Where a source resumes: the highest position the log holds from it, or -1. */
    public record GetSourcePosition(String source, ActorRef<SourcePosition> replyTo) implements Command, EngineActor.Command, BallastMessage {
    }

    public record SourcePosition(String source, long position) implements BallastMessage {
    }

    /** The blocks of a chain the log holds, by number, from which the chain's node is read again after a restart. */
    public record GetKnownBlocks(String chain, ActorRef<KnownBlocks> replyTo) implements Command, EngineActor.Command, BallastMessage {
    }

    /** A chain's blocks the log holds, newest last (hashes by number; empty for none). */
    public record KnownBlocks(String chain, SortedMap<Long, String> hashes) implements BallastMessage {
    }

    private InputLog() {
    }
}
