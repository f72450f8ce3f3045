package io.ballast.ops.cluster;

import io.ballast.connectors.kafka.EventsTopic;
import io.ballast.connectors.kafka.PartitionTopics;
import io.ballast.connectors.kafka.RestartingWorker;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.ops.sim.DeskSimulation;
import io.ballast.ops.sim.Pace;
import io.ballast.ops.sim.SimulationRunner;
import io.ballast.risk.file.RuleFileWatcher;
import io.ballast.risk.file.RuleFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The cluster's ingest of a simulated desk: plays a {@link DeskSimulation} at its pace into the
 * events topic, each input marked with the simulation's source and its step, committed every
 * {@link #COMMIT_EVERY}; the rule files go in first and again whenever they change. It resumes after
 * the last step committed (another node's ingest, before this one took over, counts), so the stream
 * holds every step once whatever node plays it. A session that fails (Kafka unreachable, this
 * publisher fenced) is begun again after {@link #RETRY_AFTER}, from what was committed.
 */
final class SimulationIngest extends RestartingWorker {

    private static final System.Logger LOG = System.getLogger(SimulationIngest.class.getName());
    static final Duration COMMIT_EVERY = Duration.ofMillis(100);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** A commit under way when closed may wait on Kafka up to its delivery timeout. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(35);

    private final PartitionTopics topics;
    private final EventJson json;
    /** The simulated desk from its first step: each start plays a new one on from the last step committed. */
    private final Supplier<DeskSimulation> simulation;
    private final String source;
    private final double speed;
    private final List<Path> ruleFiles;
    private final Duration rulesCheckInterval;
    private final Queue<RulesVersionMarked> changedRules = new ConcurrentLinkedQueue<>();

    SimulationIngest(PartitionTopics topics, EventJson json, Supplier<DeskSimulation> simulation, long seed, double speed, List<Path> ruleFiles,
                     Duration rulesCheckInterval) {
        super("ballast-ingest", RETRY_AFTER);
        this.topics = topics;
        this.json = json;
        this.simulation = simulation;
        this.source = SimulationRunner.sourceOf(seed);
        this.speed = speed;
        this.ruleFiles = ruleFiles;
        this.rulesCheckInterval = rulesCheckInterval;
    }

    /** Plays from the step after the last one committed until closed. */
    @Override
    protected void session() {
        try (EventsTopic log = new EventsTopic(topics, json)) {
            long resumeAfter = log.position(source);
            DeskSimulation simulation = this.simulation.get();
            DeskSimulation.Step step = simulation.next();
            while (step.index() <= resumeAfter) {
                step = simulation.next();
            }
            LOG.log(System.Logger.Level.INFO, "ingest: playing " + source + " into " + topics.eventsTopic() + " from step " + step.index());
            RulesVersionMarked rules = ruleFiles.isEmpty() ? null : RuleFiles.read(ruleFiles);
            if (rules != null) {
                log.publish(rules, source, resumeAfter);
            }
            try (RuleFileWatcher watcher = ruleFiles.isEmpty() ? null
                    : new RuleFileWatcher(ruleFiles, rules, changedRules::add, rulesCheckInterval.toMillis())) {
                play(log, simulation, step, resumeAfter);
            }
        }
    }

    private void play(EventsTopic log, DeskSimulation simulation, DeskSimulation.Step first, long resumeAfter) {
        DeskSimulation.Step step = first;
        long played = resumeAfter;
        Pace pace = new Pace(speed, step);
        long commitNanos = System.nanoTime() + COMMIT_EVERY.toNanos();
        while (running()) {
            long dueNanos = pace.dueNanos(step);
            Pace.parkUntil(Math.min(dueNanos, commitNanos), this::running);
            for (RulesVersionMarked rules = changedRules.poll(); rules != null; rules = changedRules.poll()) {
                log.publish(rules, source, played);
            }
            if (System.nanoTime() >= commitNanos) {
                log.flush();
                commitNanos = System.nanoTime() + COMMIT_EVERY.toNanos();
            }
            if (running() && System.nanoTime() >= dueNanos) {
                log.publish(step.event(), source, step.index());
                played = step.index();
                step = simulation.next();
            }
        }
        log.flush();
    }

    /** Stops after the step under way, committing what was played. */
    @Override
    public void close() {
        stop(STOP_TIMEOUT);
    }
}
