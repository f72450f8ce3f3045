package io.ballast.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.ballast.connectors.kafka.EventsTopic;
import io.ballast.connectors.kafka.PartitionTopics;
import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventFileReader;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.model.Catalogue;
import io.ballast.ops.cluster.ClusterNode;
import io.ballast.ops.config.BallastConfig;
import io.ballast.ops.config.ConfigProblem;
import io.ballast.ops.run.BallastService;
import io.ballast.risk.eval.RuleEngine;
import io.ballast.risk.file.RuleFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sun.misc.Signal;

/** {@code ballast run [--config FILE]}: the engine as a service, or one event file ingested. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the engine on the embedded default (a simulated desk), or ingest one event file.",
            "With no config: the embedded default, a simulated desk on ethereum, arbitrum,",
            "optimism and base under examples/rules.yaml, journalled under ./data, decisions on the console, dashboard",
            "and API on http://127.0.0.1:8080/. Stops gracefully on SIGTERM or Ctrl-C (exit 0).",
            "With --events: ingest that event file into the journal, print the decisions, the exposure and the state hash, and exit."})
final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--config", paramLabel = "FILE", description = "a HOCON config over reference.conf (every key documented there)")
    Path config;

    @CommandLine.Option(names = "--data", paramLabel = "DIR", description = "overrides ballast.data-dir (default ./data)")
    Path data;

    @CommandLine.Option(names = "--rules", arity = "1..*", paramLabel = "FILE", description = "overrides ballast.rules (default examples/rules.yaml)")
    List<Path> rules;

    @CommandLine.Option(names = "--port", paramLabel = "PORT", description = "overrides ballast.http.port (default 8080; 0 picks a free one)")
    Integer port;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "overrides ballast.simulation.seed")
    Long seed;

    @CommandLine.Option(names = "--speed", paramLabel = "X", description = "overrides ballast.simulation.speed (1.0: real block times)")
    Double speed;

    @CommandLine.Option(names = "--events", paramLabel = "FILE", description = "ingest this event file (docs/events.md) and exit")
    Path events;

    @Override
    public Integer call() throws InterruptedException {
        BallastConfig settings;
        try {
            settings = BallastConfig.from(withOverrides(config == null ? ConfigFactory.load() : BallastConfig.parse(config)), Catalogue.defaults());
        } catch (ConfigProblem problem) {
            throw new InputProblem(problem.getMessage());
        }
        if (events != null && !Files.isRegularFile(events)) {
            throw new InputProblem("no event file " + events);
        }
        if (settings.cluster().enabled()) {
            return events != null ? publish(settings) : serveCluster(settings);
        }
        return events != null ? ingest(settings, settings.catalogue()) : serve(settings);
    }

    /** The command line's options over the config. */
    private Config withOverrides(Config loaded) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (data != null) {
            overrides.put("ballast.data-dir", data.toString());
        }
        if (rules != null) {
            overrides.put("ballast.rules", rules.stream().map(Path::toString).toList());
        }
        if (port != null) {
            overrides.put("ballast.http.port", port);
        }
        if (seed != null) {
            overrides.put("ballast.simulation.seed", seed);
        }
        if (speed != null) {
            overrides.put("ballast.simulation.speed", speed);
        }
        Config result = loaded;
        for (Map.Entry<String, Object> override : overrides.entrySet()) {
            result = result.withValue(override.getKey(), ConfigValueFactory.fromAnyRef(override.getValue(), "command line " + override.getKey()));
        }
        return result;
    }

    private int serve(BallastConfig settings) throws InterruptedException {
        BallastService service = BallastService.start(settings, System.out);
        untilSignalled(service.describe(), "sources, HTTP, journal", service::close);
        service.awaitStop();
        return 0;
    }

    /**
     * A node of a cluster until SIGTERM or Ctrl-C (its partitions are handed over before it leaves; exit
     * 0), or until the cluster removes it (exit 1, so that a supervisor starts it again and it rejoins).
     */
    private int serveCluster(BallastConfig settings) throws InterruptedException {
        ClusterNode node = ClusterNode.start(settings, System.out);
        untilSignalled(node.describe(), "partitions handed over, leaving the cluster", node::close);
        if (node.awaitStop()) {
            spec.commandLine().getErr().println("ballast: this node was removed from the cluster (downed by the majority, or its reading failed);"
                    + " start it again to rejoin");
            return 1;
        }
        return 0;
    }

    /** Says what runs, and stops it gracefully on SIGTERM or Ctrl-C (exit 0; a JVM shutdown hook would exit 143). */
    private void untilSignalled(String running, String stopping, Runnable close) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(running);
        err.flush();
        Runnable stop = () -> {
            err.println("ballast: stopping (" + stopping + ")...");
            close.run();
            err.println("ballast: stopped");
            err.flush();
        };
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> new Thread(stop, "ballast-stop").start());
        }
    }

    /** The cluster's ingest of one event file: the rule files, then the file's events, into the events topic, all or nothing. */
    private int publish(BallastConfig settings) {
        PrintWriter err = spec.commandLine().getErr();
        BallastConfig.Cluster cluster = settings.cluster();
        PartitionTopics topics = cluster.topics(settings.kafka());
        EventJson json = new EventJson(settings.catalogue());
        ClusterNode.ensureTopics(topics);
        long rejected;
        try (EventsTopic log = new EventsTopic(topics, json)) {
            List<Path> ruleFiles = settings.existingRuleFiles();
            if (!ruleFiles.isEmpty()) {
                log.publish(RuleFiles.read(ruleFiles));
            }
            rejected = new EventFileReader(json).read(events, (line, event) -> log.publish(event), err::println);
            log.flush();
        } catch (IllegalArgumentException e) {
            throw new InputProblem(e.getMessage());
        }
        err.println("published " + events + " to " + cluster.eventsTopic());
        return rejected == 0 ? 0 : 1;
    }

    private int ingest(BallastConfig settings, Catalogue catalogue) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DecisionJson decisions = new DecisionJson(catalogue);
        String source = events.toAbsolutePath().normalize().toString();
        List<Path> ruleFiles = settings.existingRuleFiles();
        long rejected;
        Ballast.Builder engine = Ballast.builder().dataDirectory(settings.dataDir());
        RuleEngine.addTo(engine, catalogue);
        try (Ballast ballast = engine.build()) {
            ballast.subscribe(decision -> out.println(decisions.write(decision)));
            if (!ruleFiles.isEmpty()) {
                RulesVersionMarked ruleSet = RuleFiles.read(ruleFiles);
                if (!ruleSet.equals(ballast.query(state -> state.rules().orElse(null)))) {
                    ballast.submit(ruleSet);
                }
            }
            long resumeAfter = ballast.sourcePosition(source);
            rejected = new EventFileReader(new EventJson(catalogue)).read(events, (line, event) -> {
                if (line > resumeAfter) {
                    ballast.submit(source, line, event);
                }
            }, err::println);
            out.print(ballast.exposureReport());
            out.println("state " + ballast.stateHash());
        } catch (IllegalArgumentException e) {
            throw new InputProblem(e.getMessage());
        }
        return rejected == 0 ? 0 : 1;
    }
}
