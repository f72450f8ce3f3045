package io.ballast.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ballast.engine.Ballast;
import io.ballast.engine.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chain that floods at ten times the others slows its own producer, overflows no mailbox and loses nothing; close leaves nothing behind. */
class FloodAndShutdownTest {

    private static final Map<String, String> USDC = Map.of(
            "base", "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913",
            "arbitrum", "0xaf88d065e77c8cc2239327c5edb3a432268e5831",
            "optimism", "0x0b2c639c533813f4aa9d7837caf62653d097ff85");

    @Test
    void aFloodingChainIsSlowedAndNothingIsLost(@TempDir Path data) throws Exception {
        ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString(
                "ballast.actors.feed-buffer = 16\nballast.actors.mailbox-capacity = 128\nballast.actors.max-in-flight = 16\nballast.actors.feed-parallelism = 8").withFallback(ConfigFactory.load()));
        try {
            TestProbe<DeadLetter> deadLetters = kit.createTestProbe();
            kit.system().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, deadLetters.ref()));
            Map<String, List<Event>> streams = Map.of(
                    "base", ChainEvents.stream("base", USDC.get("base"), 1_000, 9),
                    "arbitrum", ChainEvents.stream("arbitrum", USDC.get("arbitrum"), 100, 9),
                    "optimism", ChainEvents.stream("optimism", USDC.get("optimism"), 100, 9));
            int total = streams.values().stream().mapToInt(List::size).sum();
            try (ActorBallast ballast = ActorBallast.builder().engine(Ballast.builder().dataDirectory(data).snapshotEvery(0))
                    .actorSystem(kit.system()).build()) {
                ExecutorService producers = Executors.newFixedThreadPool(streams.size());
                List<Future<?>> running = new ArrayList<>();
                streams.forEach((chain, events) -> running.add(producers.submit(() -> events.forEach(ballast.feed(chain)::offer))));
                for (Future<?> producer : running) {
                    producer.get();
                }
                producers.shutdown();
                long journalled = Inputs.awaitJournalled(ballast, total).inputSeq();
                assertEquals(total, journalled, "every event of every chain journalled, once");
                ChainFeed.Stats flood = ballast.feedStats().stream().filter(s -> s.chain().equals("base")).findFirst().orElseThrow();
                assertEquals(streams.get("base").size(), flood.offers());
                assertTrue(flood.waitedNanos() > 0, "the flooding producer was slowed, and it shows: " + flood);
                for (String chain : streams.keySet()) {
                    assertEquals(streams.get(chain).size(), ballast.chainStatus(chain).toCompletableFuture().join().journalled());
                }
                deadLetters.expectNoMessage(Duration.ofMillis(200));
            }
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void closeLeavesNoThreadAndNoOpenJournalFile(@TempDir Path data) throws IOException {
        Set<Long> before = liveNonDaemonThreads();
        try (ActorBallast ballast = ActorBallast.builder().engine(Ballast.builder().dataDirectory(data)).build()) {
            ChainEvents.stream("base", USDC.get("base"), 50, 2).forEach(ballast.feed("base")::offer);
            Inputs.awaitJournalled(ballast, 1);
            assertTrue(openJournalFiles(data).size() > 1, "the journal's files are open while running: " + openJournalFiles(data));
        }
        // A dispatcher's pool winds its threads down just after the system reports terminated: give them a moment.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Set<Long> after;
        do {
            after = liveNonDaemonThreads();
            after.removeAll(before);
        } while (!after.isEmpty() && System.nanoTime() < deadline);
        assertEquals(Set.of(), names(after), "threads left behind");
        assertEquals(List.of(), openJournalFiles(data), "queue files still open");
        try (Ballast reopened = Ballast.builder().dataDirectory(data).build()) {
            assertEquals(1L + 1 + 49 * 3, (long) reopened.query(state -> state.inputSeq()), "every offered event was journalled before close returned");
        }
    }

    private static Set<String> names(Set<Long> threads) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> threads.contains(t.getId())).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    private static Set<Long> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon()).map(Thread::getId)
                .collect(Collectors.toSet());
    }

    /** Chronicle queue files of the data directory this process holds open or mapped (Linux: file handles and memory maps). */
    private static List<String> openJournalFiles(Path data) throws IOException {
        List<String> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    open.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException gone) {
                    // closed while listed
                }
            });
        }
        for (String mapping : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int path = mapping.indexOf('/');
            if (path >= 0) {
                open.add(mapping.substring(path));
            }
        }
        return open.stream().filter(target -> target.startsWith(data.toString()) && (target.endsWith(".cq4") || target.endsWith(".cq4t"))).distinct().toList();
    }
}
