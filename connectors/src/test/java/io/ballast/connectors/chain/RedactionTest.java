package io.ballast.connectors.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.model.Catalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static final String SECRET = "k3y-5ecr3t-0123456789";

    @Test
    void endpointsShowSchemeHostAndPortOnly() {
        assertEquals("https://eth-mainnet.g.alchemy.com/…", Redaction.url("https://eth-mainnet.g.alchemy.com/v2/" + SECRET));
        assertEquals("https://rpc.example.org:8545/…", Redaction.url("https://rpc.example.org:8545/?apikey=" + SECRET));
        assertEquals("wss://node.example.org/…", Redaction.url("wss://user:" + SECRET + "@node.example.org"));
        assertEquals("http://127.0.0.1:8545", Redaction.url("http://127.0.0.1:8545"));
        assertEquals("<unparseable endpoint>", Redaction.url("not a url " + SECRET));
    }

    @Test
    void urlsInsideMessagesAreRedacted() {
        String message = "Failed to connect to https://mainnet.infura.io/v3/" + SECRET + " after 3 tries (wss://x.io/ws?key=" + SECRET + ")";
        String redacted = Redaction.text(message);
        assertFalse(redacted.contains(SECRET), redacted);
        assertEquals("Failed to connect to https://mainnet.infura.io/… after 3 tries (wss://x.io/…)", redacted);
    }

    @Test
    void aFailingEndpointNeverShowsItsKeyInLogsStatsOrSettings() {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(EvmChainSource.class.getName());
        logger.addHandler(capture);
        Catalogue catalogue = Catalogue.defaults();
        // Nothing listens on port 1: every call fails at the transport.
        EvmSourceSettings settings = EvmSourceSettings.of(catalogue.chain("base").orElseThrow(), "http://127.0.0.1:1/v2/" + SECRET,
                Set.of("0x00000000000000000000000000000000000000aa")).withPollInterval(Duration.ofMillis(10));
        try (EvmChainSource source = new EvmChainSource(settings, catalogue, events -> CompletableFuture.completedFuture(null), new TreeMap<>())) {
            assertFalse(source.poll());
            assertEquals(1, source.stats().failedPolls());
            assertFalse(source.stats().lastError().isEmpty());
            assertFalse(source.stats().toString().contains(SECRET), source.stats().toString());
        } finally {
            logger.removeHandler(capture);
        }
        assertFalse(settings.toString().contains(SECRET), settings.toString());
        assertTrue(logged.stream().anyMatch(line -> line.contains("poll failed")), logged.toString());
        logged.forEach(line -> assertFalse(line.contains(SECRET), line));
    }
}
