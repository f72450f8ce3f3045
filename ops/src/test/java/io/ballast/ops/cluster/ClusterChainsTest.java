package io.ballast.ops.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.actors.ChainActor;
import io.ballast.connectors.chain.EvmNode;
import io.ballast.connectors.kafka.EventsTopic;
import io.ballast.connectors.kafka.KafkaBroker;
import io.ballast.engine.Ballast;
import io.ballast.engine.ChildJvm;
import io.ballast.engine.FreePort;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.ops.Main;
import io.ballast.ops.config.BallastConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live chains ingested by a cluster: two ganache nodes (Arbitrum's and Base's chain ids, a real
 * ERC-20 standing in for USDC on each) followed by a cluster whose nodes all have both roles, on a
 * real broker. Each chain has one owner, the ingest's sequencer puts both into one stream, and the
 * partitions decide on it (an alert fires). Then the oldest node — where the sequencer runs — goes
 * while the chains move on: it leaves gracefully, or is killed outright. The sequencer and its
 * chains move to the nodes that stay, which resume after what was committed. The stream holds every
 * chain input once, in order; one engine over it holds the desk's balances to the base unit; the
 * alert resolves, once.
 */
class ClusterChainsTest {

    private static final BigInteger USDC = BigInteger.TEN.pow(6);
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** After a node is killed: it is downed, and its Kafka group member expires, before its partitions decide again. */
    private static final Duration AFTER_A_KILL = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fires when the desk's USDC on Arbitrum falls below 1000. */
    static final Path RULES = Path.of("src/test/resources/arbitrum-usdc-low.yaml").toAbsolutePath();

    private final KafkaBroker kafka = KafkaBroker.shared();
    private final String prefix = "chains-" + System.nanoTime();
    private final int[] httpPorts = {FreePort.any(), FreePort.any(), FreePort.any()};
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private static final String TOKEN = "cluster-t0ken";

    @TempDir
    Path dir;

    /** The two chains, the desk's USDC on each, and who sends it. */
    private record Desk(EvmNode arbitrum, String arbitrumUsdc, EvmNode base, String baseUsdc, String deployer, String desk, String outsider)
            implements AutoCloseable {

        static Desk open() throws IOException {
            EvmNode arbitrum = EvmNode.ganache(42161);
            EvmNode base = EvmNode.ganache(8453);
            String deployer = arbitrum.account(0); // ganache's accounts are the same on both: the desk's wallet on each chain
            String desk = arbitrum.account(1);
            String arbitrumUsdc = arbitrum.deployToken(deployer, USDC.multiply(BigInteger.valueOf(1_000_000)));
            String baseUsdc = base.deployToken(deployer, USDC.multiply(BigInteger.valueOf(1_000_000)));
            arbitrum.transferToken(arbitrumUsdc, deployer, desk, usdc("5000"));
            base.transferToken(baseUsdc, deployer, desk, usdc("5000"));
            return new Desk(arbitrum, arbitrumUsdc, base, baseUsdc, deployer, desk, arbitrum.account(2));
        }

        Map<String, BigInteger> onChain() {
            return Map.of("arbitrum", arbitrum.tokenBalance(arbitrumUsdc, desk), "base", base.tokenBalance(baseUsdc, desk));
        }

        @Override
        public void close() {
            arbitrum.close();
            base.close();
        }
    }

    @BeforeEach
    void createInputTopics() throws Exception {
        kafka.createTopics(1, prefix + ".inputs", prefix + ".dead");
    }

    @Test
    void theChainsMoveWithTheIngestWhenItsNodeLeaves() throws Exception {
        try (Desk desk = Desk.open()) {
            int seedPort = FreePort.any();
            BallastConfig first = BallastConfig.from(BallastConfig.parse(config(0, seedPort, seedPort, desk)), Catalogue.defaults());
            BallastConfig second = BallastConfig.from(BallastConfig.parse(config(1, FreePort.any(), seedPort, desk)), Catalogue.defaults());
            ClusterNode oldest = start(first);
            try (ClusterNode other = start(second)) {
                try {
                    beforeTheMove(desk, first, 0, 1);
                    for (int node : new int[] {0, 1}) {
                        String metrics = get(node, "/metrics");
                        assertTrue(metrics.contains("ballast_cluster_chains_failing 0.0"), "no chain's node failing:\n" + metrics);
                    }
                    assertEquals(401, post(1, "/api/rules/reload", "").statusCode(), "changing the rules needs the token");
                    HttpResponse<String> reloaded = post(1, "/api/rules/reload", TOKEN);
                    assertEquals(200, reloaded.statusCode(), reloaded.body());
                    KafkaBroker.await(() -> ruleSets() == 2, "the rule files published at start, and again when asked (of any ingest node)", WAIT);
                } finally {
                    oldest.close(); // hands over the ingest, its chains and partitions, while the chains move on
                }
                afterTheMove(desk, first, WAIT, 1);
                assertTrue(other.inputsTaken() > 0, "the remaining node decides on the stream");
            }
            assertStreamHoldsEachChainInputOnceInOrder(first.catalogue());
        }
    }

    @Test
    void theChainsMoveWithTheIngestWhenItsNodeIsKilled() throws Exception {
        try (Desk desk = Desk.open()) {
            int seedPort = FreePort.any();
            Path oldestConfig = config(0, seedPort, seedPort, desk);
            BallastConfig any = BallastConfig.from(BallastConfig.parse(oldestConfig), Catalogue.defaults());
            Path log = dir.resolve("node-0.log");
            Process oldest = ChildJvm.startLogged(Main.class, log, "run", "--config", oldestConfig.toString());
            try {
                KafkaBroker.await(() -> chainsFollowed(0).size() == 2, "the first node follows both chains", WAIT);
                try (ClusterNode second = start(BallastConfig.from(BallastConfig.parse(config(1, FreePort.any(), seedPort, desk)), Catalogue.defaults()));
                     ClusterNode third = start(BallastConfig.from(BallastConfig.parse(config(2, FreePort.any(), seedPort, desk)), Catalogue.defaults()))) {
                    beforeTheMove(desk, any, 0, 1, 2);
                    desk.base().transferToken(desk.baseUsdc(), desk.desk(), desk.outsider(), usdc("1000")); // taken or not when the node dies
                    oldest.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    afterTheMove(desk, any, AFTER_A_KILL, 1, 2);
                    assertTrue(second.inputsTaken() + third.inputsTaken() > 0, "the nodes that stay decide on the stream");
                }
            } finally {
                oldest.destroyForcibly();
            }
            assertStreamHoldsEachChainInputOnceInOrder(any.catalogue());
            assertTrue(Files.readString(log).contains("ingest: sequencing the chains"), "the killed node ran the ingest:\n" + Files.readString(log));
        }
    }

    private ClusterNode start(BallastConfig config) {
        return ClusterNode.start(config, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    /** The desk's opening balances in the stream, each chain followed on one node, and the alert: USDC on Arbitrum drops below 1000. */
    private void beforeTheMove(Desk desk, BallastConfig config, int... nodes) throws Exception {
        KafkaBroker.await(() -> desk(config, desk.desk()).equals(Map.of("arbitrum", usdc("5000"), "base", usdc("5000"))),
                "both chains' balances in the stream", WAIT);
        KafkaBroker.await(() -> chainsFollowed(nodes).equals(List.of("arbitrum", "base")), "each chain followed on one node", WAIT);
        desk.arbitrum().transferToken(desk.arbitrumUsdc(), desk.desk(), desk.outsider(), usdc("4500").add(BigInteger.ONE));
        KafkaBroker.await(() -> alerts().contains("firing"), "the alert on Arbitrum's USDC, decided on the stream", WAIT);
        kafka.produce(prefix + ".inputs", "prices", price(3012.5), "{\"type\":\"price\",\"asset\":\"ETH\"");
        KafkaBroker.await(() -> inputOffsets().equals(List.of(0L)), "the price from the inputs topic, in the stream", WAIT);
        assertEquals(1, kafka.consumeAll(prefix + ".dead", WAIT).size(), "the line that is no event, dead-lettered");
    }

    private static String price(double usd) {
        return "{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"" + usd + "\",\"timestamp\":1767225600}";
    }

    private long ruleSets() {
        return stream().stream().filter(record -> record.value().contains("\"type\":\"rules\"")).count();
    }

    private HttpResponse<String> post(int node, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts[node] + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The offsets of the inputs topic's messages in the committed stream. */
    private List<Long> inputOffsets() {
        return stream().stream().filter(record -> source(record).startsWith("kafka:")).map(record -> EventsTopic.positionOf(record.headers()))
                .toList();
    }

    private static String source(ConsumerRecord<String, String> record) {
        Header source = record.headers().lastHeader(EventsTopic.SOURCE_HEADER);
        return source == null ? "" : new String(source.value(), StandardCharsets.UTF_8);
    }

    /** The chains move on while their owners move: the stream catches up to the base unit, and the alert resolves, once. */
    private void afterTheMove(Desk desk, BallastConfig config, Duration wait, int... survivors) throws Exception {
        desk.arbitrum().transferToken(desk.arbitrumUsdc(), desk.deployer(), desk.desk(), usdc("2000"));
        desk.base().transferToken(desk.baseUsdc(), desk.deployer(), desk.desk(), usdc("250"));
        Map<String, BigInteger> onChain = desk.onChain();
        assertEquals(new BigInteger("2499999999"), onChain.get("arbitrum"));
        KafkaBroker.await(() -> chainsFollowed(survivors).equals(List.of("arbitrum", "base")), "both chains followed on the nodes that stay", wait);
        KafkaBroker.await(() -> desk(config, desk.desk()).equals(onChain), "the stream caught up with both chains", wait);
        KafkaBroker.await(() -> alerts().equals(List.of("firing", "resolved")), "the alert resolved, once", wait);
        kafka.produce(prefix + ".inputs", "prices", price(3020));
        KafkaBroker.await(() -> inputOffsets().equals(List.of(0L, 2L)), "the next price, read on from where the stream stood", wait);
        assertEquals(1, kafka.consumeAll(prefix + ".dead", WAIT).size(), "the refused line's offset was spent with the inputs: not dead-lettered again");
    }

    private Path config(int node, int port, int seedPort, Desk desk) throws IOException {
        Path config = dir.resolve("node-" + node + ".conf");
        Files.writeString(config, String.join("\n",
                "ballast {",
                "  data-dir = \"" + dir.resolve("node-" + node) + "\"",
                "  rules = [\"" + RULES + "\"]",
                "  http { port = " + httpPorts[node] + ", token = " + TOKEN + " }",
                "  accounts { \"" + desk.desk() + "\" = desk-a }",
                chain("arbitrum", desk.arbitrum(), desk.arbitrumUsdc()),
                chain("base", desk.base(), desk.baseUsdc()),
                "  kafka { bootstrap-servers = \"" + kafka.bootstrapServers() + "\", alerts-topic = " + prefix + ".alerts, proposals-topic = "
                        + prefix + ".proposals,",
                "    inputs-topic = " + prefix + ".inputs, dead-letter-topic = " + prefix + ".dead, consumer-group = " + prefix + " }",
                "  cluster { enabled = true, port = " + port + ", seed-nodes = [\"127.0.0.1:" + seedPort + "\"], partitions = 2, down-after = 3s,",
                "    events-topic = " + prefix + ".events, portfolio-topic = " + prefix + ".portfolio,",
                "    snapshots-topic = " + prefix + ".snapshots, ingest-topic = " + prefix + ".ingest, group = " + prefix + " }",
                "}"));
        return config;
    }

    private static String chain(String name, EvmNode node, String usdc) {
        // ganache mines only when a transaction comes: a block time of a minute keeps stall alerts out of it
        return "  chains." + name + " { http = [\"" + node.url() + "\"], poll-interval = 100ms, block-time = 1m, assets = [ETH, USDC], tokens { USDC = \""
                + usdc + "\" } }";
    }

    private static BigInteger usdc(String whole) {
        return new BigInteger(whole).multiply(USDC);
    }

    /** The chains the nodes say they follow (/api/cluster), all together, sorted (a chain followed twice shows twice). */
    private List<String> chainsFollowed(int... nodes) {
        List<String> chains = new ArrayList<>();
        for (int node : nodes) {
            JsonNode cluster = read(get(node, "/api/cluster"));
            if (cluster == null) {
                return List.of("(node " + node + " not answering)");
            }
            cluster.get("chainsHere").forEach(chain -> chains.add(chain.get("chain").asText()));
        }
        chains.sort(null);
        return chains;
    }

    /** The body of a GET, or null while the node does not answer (it is starting). */
    private String get(int node, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts[node] + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("GET " + path + ": interrupted", e);
        }
    }

    /** The committed stream (the portfolio topic, read_committed). */
    private List<ConsumerRecord<String, String>> stream() {
        return kafka.consumeCommitted(prefix + ".portfolio");
    }

    /** The desk's confirmed USDC per chain, as one engine holds it after the whole committed stream. */
    private Map<String, BigInteger> desk(BallastConfig config, String desk) {
        EventJson json = new EventJson(config.catalogue());
        Path data = dir.resolve("one-engine-" + System.nanoTime());
        try (Ballast engine = Ballast.builder().dataDirectory(data).catalogue(config.catalogue()).snapshotEvery(0).trackAccount(desk, "desk-a")
                .build()) {
            stream().forEach(record -> engine.submit(json.read(record.value())));
            Map<String, BigInteger> balances = new TreeMap<>();
            for (String chain : List.of("arbitrum", "base")) {
                BigInteger confirmed = engine.balance(chain, "USDC", desk).confirmed();
                if (confirmed.signum() != 0) {
                    balances.put(chain, confirmed);
                }
            }
            return balances;
        } finally {
            Ballast.deleteDataDirectory(data);
        }
    }

    /** The states of the alerts published, repeats (the same id) dropped. */
    private List<String> alerts() {
        List<String> ids = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (ConsumerRecord<String, String> record : kafka.consumeCommitted(prefix + ".alerts")) {
            JsonNode alert = read(record.value());
            if (!ids.contains(alert.get("id").asText())) {
                ids.add(alert.get("id").asText());
                states.add(alert.get("state").asText());
            }
        }
        return states;
    }

    private static JsonNode read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }

    /**
     * The stream is numbered without a gap; each chain's inputs carry its source and positions 1, 2, 3 …
     * (none twice, none missing, in order, whoever owned the chain when); each chain's blocks go up; the
     * inputs topic's messages are there once each, by offset.
     */
    private void assertStreamHoldsEachChainInputOnceInOrder(Catalogue catalogue) {
        EventJson json = new EventJson(catalogue);
        List<ConsumerRecord<String, String>> stream = stream();
        Map<String, Long> positions = new TreeMap<>();
        Map<String, Long> heads = new TreeMap<>();
        for (int i = 0; i < stream.size(); i++) {
            ConsumerRecord<String, String> record = stream.get(i);
            assertEquals(i + 1, EventsTopic.seqOf(record.headers()), "numbered without a gap");
            String source = source(record);
            if (source.isEmpty()) {
                assertTrue(record.value().contains("\"type\":\"rules\""), "only the rule sets come from no source: " + record.value());
            } else if (source.startsWith("chain:")) {
                long position = EventsTopic.positionOf(record.headers());
                assertEquals(positions.getOrDefault(source, 0L) + 1, position, source + ": each position once, in order");
                positions.put(source, position);
                if (json.read(record.value()) instanceof BlockObserved block) {
                    assertTrue(block.number() > heads.getOrDefault(block.chain(), -1L), block.chain() + ": block " + block.number() + " twice");
                    heads.put(block.chain(), block.number());
                }
            }
        }
        assertEquals(List.of(ChainActor.sourceOf("arbitrum"), ChainActor.sourceOf("base")), List.copyOf(positions.keySet()));
        assertEquals(List.of(0L, 2L), inputOffsets(), "each price once");
    }
}
