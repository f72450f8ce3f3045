package io.ballast.connectors.kafka;

import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.DecisionJson;
import io.ballast.engine.model.Catalogue;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link OutboxCrashTest}: recovers a Ballast from its data directory, starts the
 * outbox on it, submits the price events not yet journalled (each makes decisions), printing
 * {@code AT <n>} as it goes, then waits until Kafka has everything and prints {@code DONE}.
 * Arguments: bootstrap servers, data directory, topic prefix, number of events.
 */
public final class OutboxCrashChild {

    private OutboxCrashChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[1]);
        int events = Integer.parseInt(args[3]);
        OutboxSettings defaults = OutboxSettings.of(args[0], dir.resolve("outbox.cursor"));
        OutboxSettings settings = new OutboxSettings(defaults.bootstrapServers(), args[2] + "alerts", args[2] + "actions",
                args[2] + "proposals", ActionMode.PUBLISH, defaults.cursorFile(), defaults.maxUnacknowledged(),
                defaults.deliveryTimeout(), Duration.ofMillis(200), defaults.producerProperties());
        EventJson json = new EventJson(Catalogue.defaults());
        try (Ballast ballast = Ballast.builder().dataDirectory(dir.resolve("data")).decisionMaker(new PriceDecisions()).build();
             DecisionOutbox outbox = DecisionOutbox.start(ballast, new DecisionJson(Catalogue.defaults()), settings)) {
            for (long n = ballast.query(state -> state.inputSeq()) + 1; n <= events; n++) {
                String asset = n % 3 == 0 ? "USDC" : n % 3 == 1 ? "ETH" : "WBTC";
                ballast.submit(json.read(PriceDecisions.line(asset, "1." + n, 1_700_000_000 + n)));
                if (n % 50 == 0) {
                    System.out.println("AT " + n);
                    System.out.flush();
                }
                Thread.sleep(1); // a steady stream, so a kill lands while decisions are being published
            }
            while (outbox.stats().lag() > 0) {
                Thread.sleep(10);
            }
            System.out.println("DONE " + outbox.stats().acknowledgedSeq());
        }
    }
}
