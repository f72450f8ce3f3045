package io.ballast.ops.cluster;

import io.ballast.actors.InputLog;
import io.ballast.connectors.kafka.EventsTopic;
import io.ballast.connectors.kafka.InputSettings;
import io.ballast.connectors.kafka.InputsTopicReader;
import io.ballast.connectors.kafka.PartitionTopics;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.risk.file.RuleFileWatcher;
import io.ballast.risk.file.RuleFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The cluster's one ingest when it follows live chains (a Cluster Singleton on the oldest ingest
 * node): the {@link InputLog} that every chain's actor feeds, wherever the chain is owned. It puts
 * what the chains send into one stream, in the order it arrives, and publishes it to the events
 * topic under each chain's source and position, in transactions committed every
 * {@link #COMMIT_EVERY}, with the messages of the inputs topic (prices, fills …) read since the
 * last commit ({@link InputsTopicReader}). A submit is answered only once committed: that answer is
 * a chain actor's backpressure, and what is not answered the chain actor sends again — to this
 * sequencer, or to the next one if this one dies or moves, which starts from what was committed
 * (the ingest topic), so the stream holds each chain's inputs once, in order. The rule files go in
 * first and again whenever they change.
 */
final class IngestSequencer extends AbstractBehavior<InputLog.Command> {

    private static final System.Logger LOG = System.getLogger(IngestSequencer.class.getName());
    private static final Duration COMMIT_EVERY = Duration.ofMillis(50);

    /** Private tick: commit what was published and answer the submits it holds. */
    private enum Commit implements InputLog.Command {
        INSTANCE
    }

    /** Private: the rule files changed. */
    private record RulesChanged(RulesVersionMarked rules) implements InputLog.Command {
    }

    private final EventsTopic log;
    private final InputsTopicReader inputs;
    private final RuleFileWatcher watcher;
    /** Answers of the submits published since the last commit, sent once it is done. */
    private final List<Runnable> answers = new ArrayList<>();

    static Behavior<InputLog.Command> create(PartitionTopics topics, InputSettings inputs, EventJson json, List<Path> ruleFiles,
                                             Duration rulesCheckInterval) {
        return Behaviors.supervise(Behaviors.<InputLog.Command>setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Commit.INSTANCE, COMMIT_EVERY);
            return new IngestSequencer(context, topics, inputs, json, ruleFiles, rulesCheckInterval);
        }))).onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2));
    }

    private IngestSequencer(ActorContext<InputLog.Command> context, PartitionTopics topics, InputSettings inputSettings, EventJson json,
                            List<Path> ruleFiles, Duration rulesCheckInterval) {
        super(context);
        this.log = new EventsTopic(topics, json); // fences the ingest before this one, wherever it ran
        LOG.log(System.Logger.Level.INFO, "ingest: sequencing the chains and " + inputSettings.inputsTopic() + " into " + topics.eventsTopic()
                + " after input " + log.lastSeq());
        try {
            this.inputs = new InputsTopicReader(inputSettings, json, log::position);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        RulesVersionMarked rules = ruleFiles.isEmpty() ? null : RuleFiles.read(ruleFiles);
        if (rules != null) {
            log.publish(rules);
        }
        this.watcher = ruleFiles.isEmpty() ? null
                : new RuleFileWatcher(ruleFiles, rules, changed -> context.getSelf().tell(new RulesChanged(changed)), rulesCheckInterval.toMillis());
    }

    @Override
    public Receive<InputLog.Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(InputLog.Submit.class, this::onSubmit)
                .onMessage(InputLog.GetSourcePosition.class, get -> {
                    commit(); // what it answers is committed: a source never resumes after inputs a failed commit dropped
                    get.replyTo().tell(new InputLog.SourcePosition(get.source(), log.position(get.source())));
                    return this;
                })
                .onMessage(InputLog.GetKnownBlocks.class, get -> {
                    commit();
                    get.replyTo().tell(new InputLog.KnownBlocks(get.chain(), log.knownBlocks(get.chain())));
                    return this;
                })
                .onMessage(Commit.class, tick -> {
                    commit();
                    return this;
                })
                .onMessage(RulesChanged.class, changed -> {
                    log.publish(changed.rules());
                    return this;
                })
                .onSignal(PreRestart.class, signal -> close())
                .onSignal(PostStop.class, signal -> {
                    try {
                        commit(); // handed over: what was published goes in before the next sequencer opens
                    } finally {
                        close();
                    }
                    return this;
                })
                .build();
    }

    /**
     * Publishes the inputs not published yet, at their positions; the answer waits for the commit. A
     * contiguous source's input past the next position expected is not taken: one before it is missing
     * (a batch this sequencer's predecessor did not commit), and the answer says where to send again from.
     */
    private Behavior<InputLog.Command> onSubmit(InputLog.Submit submit) {
        String source = submit.source();
        long last = log.position(source);
        int published = 0;
        long missingFrom = Event.NONE;
        for (int i = 0; i < submit.events().size(); i++) {
            if (source.isEmpty()) {
                log.publish(submit.events().get(i));
                published++;
                continue;
            }
            long position = submit.position() + i;
            if (submit.contiguous() && position > Math.max(last, 0) + 1) {
                missingFrom = Math.max(last, 0) + 1;
                break;
            }
            if (position > last) {
                log.publish(submit.events().get(i), source, position);
                last = position;
                published++;
            }
        }
        InputLog.Submitted answer = new InputLog.Submitted(source, submit.position(), submit.events().size(), published, List.of(), missingFrom);
        answers.add(() -> submit.replyTo().tell(answer));
        return this;
    }

    /**
     * Publishes the input messages come since the last commit, commits (a failure restarts this sequencer
     * from what the log holds) and answers the submits it covers.
     */
    private void commit() {
        for (InputsTopicReader.Input input : inputs.poll()) {
            if (input.deadLettered()) {
                log.pass(input.source(), input.offset());
            } else {
                log.publish(input.event(), input.source(), input.offset());
            }
        }
        log.flush();
        answers.forEach(Runnable::run);
        answers.clear();
    }

    private Behavior<InputLog.Command> close() {
        if (watcher != null) {
            watcher.close();
        }
        inputs.close();
        log.close(); // what was not committed is aborted; its submits were not answered, so they come again
        return this;
    }
}
