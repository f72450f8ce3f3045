package io.ballast.ops.metrics;

import io.ballast.actors.ChainActor;
import io.ballast.engine.PipelineTiming;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.Event;
import io.ballast.ops.live.Picture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Ballast's Prometheus metrics: events journalled by chain and type, head age and finality lag per
 * chain, journal size, rule evaluation and end-to-end latency (HdrHistogram quantiles over the last
 * minute), alerts firing by severity. Counting an event is a map lookup on the engine's thread;
 * everything else is read when {@code /metrics} is scraped.
 */
public final class OpsMetrics implements PipelineTiming {

    private static final double[] QUANTILES = {0.5, 0.99, 0.999};
    private static final String[] SEVERITIES = {"info", "warning", "critical", "unknown"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Map<String, Counter>> events = new ConcurrentHashMap<>();
    private final LatencyWindow ruleEvaluation = new LatencyWindow();
    private final LatencyWindow endToEnd = new LatencyWindow();
    private final Set<String> chainsRegistered = ConcurrentHashMap.newKeySet();
    private final Path journal;
    private volatile Picture scraped;

    public OpsMetrics(Path journal) {
        this.journal = journal;
        latency("ballast.rule.evaluation", "time the rules took to decide on one input", ruleEvaluation);
        latency("ballast.end.to.end", "from an event handed to Ballast to journalled, applied and decided on", endToEnd);
        Gauge.builder("ballast.journal.inputs", this, m -> m.scraped.inputSeq()).description("inputs journalled").register(registry);
        Gauge.builder("ballast.journal.size", this, OpsMetrics::journalBytes).baseUnit("bytes").description("bytes of the journal on disk")
                .register(registry);
        for (String severity : SEVERITIES) {
            Gauge.builder("ballast.alerts.firing", this, m -> m.scraped.firing().stream()
                            .filter(alert -> (alert.severity().isEmpty() ? "unknown" : alert.severity()).equals(severity)).count())
                    .tag("severity", severity).description("alerts firing now (unknown: fired before this process started)").register(registry);
        }
        Gauge.builder("ballast.in.flight.transfers", this, m -> m.scraped.inFlight().size()).register(registry);
        Gauge.builder("ballast.in.flight.overdue", this, m -> m.scraped.inFlight().stream().filter(Picture.TransferRow::overdue).count())
                .register(registry);
    }

    /** On the engine's thread: two map lookups and an increment; a counter is made only the first time a chain and type meet. */
    @Override
    public void applied(Event event, long applyNanos, long decideNanos) {
        String stream = ChainActor.streamOf(event);
        String chain = stream == null ? "none" : stream;
        String type = EventJson.typeOf(event);
        Map<String, Counter> byType = events.get(chain);
        Counter counter = byType == null ? null : byType.get(type);
        if (counter == null) {
            counter = events.computeIfAbsent(chain, c -> new ConcurrentHashMap<>()).computeIfAbsent(type, t -> Counter.builder("ballast.events")
                    .tag("chain", chain).tag("type", t).description("events journalled and applied").register(registry));
        }
        counter.increment();
        ruleEvaluation.record(decideNanos);
    }

    /** A figure read at each scrape (a connector's lag, a node's head ...); tags as name, value pairs. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, source, value).description(description).tags(tags).register(registry);
    }

    /** A count read at each scrape; tags as name, value pairs. */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        FunctionCounter.builder(name, source, value).description(description).tags(tags).register(registry);
    }

    /** An event's time from being handed to Ballast to being journalled, applied and decided on. */
    public void endToEnd(long nanos) {
        endToEnd.record(nanos);
    }

    /** The Prometheus text exposition, with the chain and alert figures of this picture. */
    public synchronized String scrape(Picture picture) {
        scraped = picture;
        for (Picture.ChainRow chain : scraped.chains()) {
            if (chainsRegistered.add(chain.name())) {
                chainGauge("ballast.chain.head.age", chain.name(), "seconds", "wall-clock seconds since the chain's newest block arrived",
                        Picture.ChainRow::headAgeSeconds);
                chainGauge("ballast.chain.head", chain.name(), null, "the chain's head block", Picture.ChainRow::head);
                chainGauge("ballast.chain.safe.lag", chain.name(), "blocks", "head minus the safe block", Picture.ChainRow::safeLagBlocks);
                chainGauge("ballast.chain.finality.lag", chain.name(), "blocks", "head minus the finalized block", Picture.ChainRow::finalityLagBlocks);
                chainGauge("ballast.chain.stalled", chain.name(), null, "1 while the chain is stalled", c -> c.stalled() ? 1 : 0);
                FunctionCounter.builder("ballast.chain.reorgs", this, m -> row(m.scraped, chain.name()).reorgs()).tag("chain", chain.name())
                        .register(registry);
            }
        }
        ruleEvaluation.roll();
        endToEnd.roll();
        return registry.scrape();
    }

    private void latency(String name, String description, LatencyWindow window) {
        for (double quantile : QUANTILES) {
            Gauge.builder(name, window, w -> w.seconds(quantile)).baseUnit("seconds").tag("quantile", Double.toString(quantile))
                    .description(description + " (last minute)").register(registry);
        }
        Gauge.builder(name + ".max", window, LatencyWindow::maxSeconds).baseUnit("seconds").register(registry);
        FunctionCounter.builder(name + ".count", window, LatencyWindow::count).register(registry);
    }

    private void chainGauge(String name, String chain, String unit, String description, ToDoubleFunction<Picture.ChainRow> value) {
        Gauge.Builder<OpsMetrics> gauge = Gauge.builder(name, this, m -> value.applyAsDouble(row(m.scraped, chain)))
                .tag("chain", chain).description(description);
        (unit == null ? gauge : gauge.baseUnit(unit)).register(registry);
    }

    private static Picture.ChainRow row(Picture picture, String chain) {
        return picture.chain(chain).orElseThrow();
    }

    private double journalBytes() {
        if (!Files.isDirectory(journal)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(journal)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
