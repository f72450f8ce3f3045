package io.ballast.risk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.model.Catalogue;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "If I send or receive this much of this asset on this chain now, which rules break, and what becomes of the allocation?" */
class PreTradeTest {

    private static final String RULES = String.join("\n",
            "haircuts: { unsafe: 1.0, safe: 1.0 }",
            "inventory:",
            "  USDC: { hub: ethereum, chains: { base: { target: 20%, threshold: 10% } }, max-amount: 1000000 }",
            "rules:",
            "  - { id: low-usdc-on-base, scope: { asset: USDC, chain: base }, when: balance < 1000, severity: warning }",
            "  - { id: concentration, scope: { asset: USDC, chain: \"*\" }, when: share > 0.5, severity: warning }",
            "  - { id: eth-low, scope: { asset: ETH }, when: balance < 1, severity: info }");

    @Test
    void aTradeIsJudgedAgainstTheLiveStateWithoutChangingIt(@TempDir Path data) {
        Catalogue catalogue = Catalogue.defaults();
        EventJson json = new EventJson(catalogue);
        RuleEngine rules = new RuleEngine(catalogue);
        try (Ballast ballast = Ballast.builder().dataDirectory(data).decisionMaker(rules).build()) {
            TreeMap<String, String> files = new TreeMap<>();
            files.put("rules.yaml", RULES);
            ballast.submit(new RulesVersionMarked("v1", files));
            ballast.submit(json.read("{\"type\":\"balance\",\"chain\":\"ethereum\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"8000\"}"));
            ballast.submit(json.read("{\"type\":\"balance\",\"chain\":\"base\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\"2000\"}"));
            String hash = ballast.stateHash();

            PreTradeVerdict send = ballast.query(state -> rules.preTrade(state,
                    new Trade("base", "USDC", BigInteger.valueOf(-1_500_000_000L))));
            assertTrue(send.breaksRules());
            assertEquals(List.of("low-usdc-on-base/asset-chain[asset=USDC,chain=base]"), send.wouldFire());
            assertEquals(List.of("concentration/asset-chain[asset=USDC,chain=ethereum]"), send.alreadyFiring());
            assertEquals(0.2, send.allocationBefore().get("base"), 1e-12);
            assertEquals(500.0 / 8500.0, send.allocationAfter().get("base"), 1e-12);
            assertEquals(8000.0 / 8500.0, send.allocationAfter().get("ethereum"), 1e-12);

            PreTradeVerdict receive = ballast.query(state -> rules.preTrade(state,
                    new Trade("base", "USDC", BigInteger.valueOf(50_000_000_000L))));
            assertEquals(List.of("concentration/asset-chain[asset=USDC,chain=base]"), receive.wouldFire());
            assertEquals(List.of(), receive.alreadyFiring(), "ethereum's share falls to 8000 / 60000");
            assertEquals(52000.0 / 60000.0, receive.allocationAfter().get("base"), 1e-12);

            PreTradeVerdict harmless = ballast.query(state -> rules.preTrade(state, new Trade("base", "USDC", BigInteger.ONE)));
            assertFalse(harmless.breaksRules());

            PreTradeVerdict elsewhere = ballast.query(state -> rules.preTrade(state,
                    new Trade("arbitrum", "USDC", BigInteger.valueOf(12_000_000_000L))));
            assertEquals(List.of("concentration/asset-chain[asset=USDC,chain=arbitrum]"), elsewhere.wouldFire(),
                    "a chain the asset is not held on yet joins its chains: 12000 / 22000 > 0.5");
            assertEquals(0.0, elsewhere.allocationBefore().get("arbitrum"), 1e-12);
            assertEquals(12000.0 / 22000.0, elsewhere.allocationAfter().get("arbitrum"), 1e-12);
            PreTradeVerdict backHome = ballast.query(state -> rules.preTrade(state, new Trade("base", "USDC", BigInteger.ONE)));
            assertEquals(List.of("base", "ethereum"), List.copyOf(backHome.allocationAfter().keySet()),
                    "the next trade does not see the one before");

            assertEquals(hash, ballast.stateHash(), "a pre-trade check changes nothing");
        }
    }
}
