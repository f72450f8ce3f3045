package io.ballast.actors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.Ballast;
import io.ballast.engine.ReadmeExamples;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.TierAmounts;
import io.ballast.risk.eval.PreTradeVerdict;
import io.ballast.risk.eval.Trade;
import io.ballast.risk.file.RuleFiles;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The actors example in the README compiles and runs: it is this method's body, word for word. */
class ActorsReadmeExampleTest {

    @Test
    void theReadmeExampleRuns(@TempDir Path dataDir) throws Exception {
        List<String> printed = new CopyOnWriteArrayList<>();
        EventJson events = new EventJson(Catalogue.defaults());
        // README-BEGIN
        try (ActorBallast ballast = ActorBallast.builder()
                .engine(Ballast.builder().dataDirectory(dataDir))    // the engine's configuration
                .withRules()                                         // rule engine + rule-set checks
                .build()) {                                          // its own actor system, or .actorSystem(...)
            ballast.subscribe(decision -> printed.add(decision.toString()));
            ballast.submit(RuleFiles.read(List.of(Path.of("../examples/rules.yaml"))));   // inputs of no chain's stream
            ChainFeed base = ballast.feed("base");                   // one producer per feed
            base.offer(events.read("""
                    {"type":"block","chain":"base","number":7,"hash":"0xb7","parentHash":"0xb6","timestamp":1700000000}"""));
            base.offer(events.read("""
                    {"type":"balance","chain":"base","asset":"USDC","account":"0xdesk","amount":"1500.25","block":7}"""))
                    .toCompletableFuture().join();                   // offer parks while the feed is full; this waits for the journal
            PreTradeVerdict verdict = ballast.preTrade(new Trade("base", "USDC", BigInteger.valueOf(-1_000_000_000L)))
                    .toCompletableFuture().join();
            TierAmounts usdc = ballast.query(state -> state.balance("base", "USDC", "0xdesk")).toCompletableFuture().join();
            printed.add("unsafe " + usdc.unsafe() + ", a 1000 USDC send breaks rules: " + verdict.breaksRules());
        }
        // README-END
        assertTrue(printed.get(printed.size() - 1).startsWith("unsafe 1500250000, a 1000 USDC send breaks rules: "), printed.toString());

        ReadmeExamples.assertDocumented(Path.of("../README.md"), "## Actors", Path.of("src/test/java/io/ballast/actors/ActorsReadmeExampleTest.java"));
    }
}
