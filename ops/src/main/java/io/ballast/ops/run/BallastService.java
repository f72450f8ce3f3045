package io.ballast.ops.run;

import io.ballast.actors.ActorBallast;
import io.ballast.engine.Ballast;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.model.Catalogue;
import io.ballast.ops.config.BallastConfig;
import io.ballast.ops.http.HttpApi;
import io.ballast.ops.live.ActionControl;
import io.ballast.ops.live.DecisionLog;
import io.ballast.ops.live.LiveView;
import io.ballast.ops.live.Picture;
import io.ballast.ops.metrics.OpsMetrics;
import io.ballast.ops.sim.DeskSimulation;
import io.ballast.ops.sim.SimulationRunner;
import io.ballast.risk.file.RuleFileWatcher;
import io.ballast.risk.file.RuleFiles;
import io.ballast.risk.file.RuleSetLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * Ballast as a service: the actor pipeline over the journal, its sources (the simulated desk of
 * the embedded default), the rules watched and hot-reloaded, decisions on the console, the HTTP
 * API, metrics and dashboard. {@link #close()} is the graceful stop: sources first, then the HTTP
 * server, then the engine (every offered event journalled, the journal flushed, a snapshot
 * written), then the actor system.
 */
public final class BallastService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BallastService.class.getName());

    private final BallastConfig config;
    private final Catalogue catalogue;
    private final PrintStream console;
    private final ActorSystem<Void> system;
    private final ActorBallast ballast;
    private final DecisionLog log;
    private final ActionControl actions;
    private final LiveView view;
    private final OpsMetrics metrics;
    private final List<AutoCloseable> sources = new ArrayList<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ballast-live-view");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private RuleFileWatcher watcher;
    private volatile Connections connections;
    private ServerBinding binding;
    private boolean closed;

    private BallastService(BallastConfig config, PrintStream console) {
        this.config = config;
        this.catalogue = config.catalogue();
        this.console = console;
        this.log = new DecisionLog(catalogue);
        this.actions = new ActionControl(config.actions().mode(), config.actions().killSwitch());
        this.metrics = new OpsMetrics(config.dataDir().resolve("journal"));
        Ballast.Builder engine = Ballast.builder().dataDirectory(config.dataDir()).timing(metrics);
        trackedAccounts().forEach(engine::trackAccount);
        this.system = ActorSystem.create(Behaviors.empty(), "ballast", config.raw());
        try {
            this.ballast = ActorBallast.builder().engine(engine).catalogue(catalogue).withRules().actorSystem(system)
                    .backfill(this::backfill).build();
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
        this.view = new LiveView(ballast, catalogue, log, actions::setting);
    }

    /** A chain actor's gap, asked of the chain's source (none before the connections start, or in the simulation). */
    private void backfill(String chain, long fromBlock, long toBlock) {
        Connections started = connections;
        if (started != null) {
            started.backfill(chain, fromBlock, toBlock);
        }
    }

    /** Starts everything; returns once the HTTP server listens. */
    public static BallastService start(BallastConfig config, PrintStream console) {
        BallastService service = new BallastService(config, console);
        try {
            service.startParts();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    private void startParts() {
        ballast.subscribe(decision -> console.println(log.record(decision, actions.route(decision))));
        List<Path> ruleFiles = config.existingRuleFiles();
        if (!ruleFiles.isEmpty()) {
            RulesVersionMarked inForce = ballast.query(state -> state.rules()).toCompletableFuture().join().orElse(null);
            watcher = new RuleFileWatcher(ruleFiles, inForce, this::propose, config.rulesCheckInterval().toMillis());
        }
        if (config.simulating()) {
            BallastConfig.Simulation sim = config.simulation();
            SimulationRunner runner = new SimulationRunner(ballast, new DeskSimulation(catalogue, sim.seed(), sim.chains(),
                    sim.startEpochSeconds()), sim.seed(), sim.speed(), metrics::endToEnd);
            sources.add(runner);
            runner.start();
        }
        connections = Connections.start(config, ballast, metrics, actions);
        sources.add(connections::stopSources);
        view.refresh();
        long interval = config.http().dashboardInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, interval, interval, TimeUnit.MILLISECONDS);
        HttpApi api = new HttpApi(view, metrics, actions, new Rules(), this::notReady, connections::health, config.http().token(),
                config.http().dashboardInterval());
        binding = Http.get(system).newServerAt(config.http().host(), config.http().port()).bind(api.route())
                .toCompletableFuture().join();
    }

    private void refreshQuietly() {
        try {
            view.refresh();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not take a picture of the state: " + e.getMessage());
        }
    }

    private void propose(RulesVersionMarked ruleSet) {
        ballast.submit(ruleSet).thenAccept(submitted -> submitted.rejections().forEach(reason ->
                console.println("rules refused: " + reason)));
    }

    /** The tracked accounts: the config's, or the simulated desk's when simulating without any. */
    private Map<String, String> trackedAccounts() {
        if (!config.accounts().isEmpty() || !config.simulating()) {
            return config.accounts();
        }
        return Map.of(DeskSimulation.DESK, DeskSimulation.DESK_LABEL);
    }

    /** The chains followed: the configured real ones, or the simulated ones. */
    private List<String> chains() {
        return config.simulating() ? config.simulation().chains() : config.chains().stream().map(BallastConfig.ChainSource::chain).toList();
    }

    /** Why the engine is not ready: empty once it has replayed (it answers) and every chain is live. */
    private List<String> notReady() {
        List<String> reasons = new ArrayList<>(connections.notReady());
        Picture picture = view.latest();
        for (String chain : chains()) {
            Picture.ChainRow row = picture.chain(chain).orElse(null);
            if (row == null || row.headAgeSeconds() < 0) {
                reasons.add(chain + ": no block yet");
            } else if (row.stalled()) {
                reasons.add(chain + ": stalled");
            }
        }
        return reasons;
    }

    /** The HTTP port it listens on (the configured one, or the one picked for port 0). */
    public int httpPort() {
        return binding.localAddress().getPort();
    }

    public String describe() {
        BallastConfig.Simulation sim = config.simulation();
        String sources = config.simulating()
                ? "simulating " + String.join(", ", sim.chains()) + " at " + sim.speed() + "x real time (seed " + sim.seed() + ")"
                : "following " + String.join(", ", chains());
        String kafka = config.kafka().enabled() ? "; kafka " + config.kafka().bootstrapServers() : "";
        return "ballast: " + sources + kafka + "; journal " + config.dataDir().resolve("journal") + "; rules "
                + (watcher == null ? "none" : config.rules()) + "; orders " + actions.setting().mode().label()
                + "\nballast: dashboard and API on http://" + config.http().host() + ":" + httpPort() + "/";
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable source : sources) {
            closeQuietly(source);
        }
        if (watcher != null) {
            watcher.close();
        }
        if (binding != null) {
            binding.unbind().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        stopRefresher();
        if (connections != null) {
            connections.close(); // the outbox, after giving Kafka time to acknowledge what it sent
        }
        ballast.close();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        stopped.countDown();
    }

    /**
     * Lets a picture being taken finish rather than interrupting it: an interrupted ask can be caught in the
     * middle of enqueueing on a bounded mailbox, which Pekko reports as an error.
     */
    private void stopRefresher() {
        refresher.shutdown();
        try {
            if (!refresher.awaitTermination(10, TimeUnit.SECONDS)) {
                refresher.shutdownNow();
            }
        } catch (InterruptedException e) {
            refresher.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping " + closeable + " failed: " + e.getMessage());
        }
    }

    /** The rule endpoints: the set in force, and a reload from the configured files. */
    private final class Rules implements HttpApi.RuleControl {
        @Override
        public Map<String, Object> describe() {
            Map<String, Object> body = new LinkedHashMap<>();
            RulesVersionMarked inForce = ballast.query(state -> Optional.ofNullable(state.rulesInForce())).toCompletableFuture().join()
                    .orElse(null);
            body.put("files", config.rules().stream().map(Path::toString).toList());
            body.put("version", inForce == null ? null : inForce.version());
            if (inForce != null) {
                RuleSetLoader.Result loaded = new RuleSetLoader(catalogue).load(inForce.files());
                body.put("rules", loaded.ok() ? loaded.ruleSet().rules().stream().map(rule -> Map.of("id", rule.id(), "scope",
                        rule.scope().kind().label(), "severity", rule.severity().label(), "when", rule.when().text(), "action",
                        rule.action().label())).toList() : List.of());
            }
            return body;
        }

        @Override
        public List<String> reload() {
            RuleFiles.Checked checked = RuleFiles.readChecked(config.existingRuleFiles(), catalogue);
            if (!checked.ok()) {
                return checked.errors();
            }
            return ballast.submit(checked.rules()).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join().rejections();
        }
    }
}
