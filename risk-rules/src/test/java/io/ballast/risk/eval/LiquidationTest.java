package io.ballast.risk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.LiquidationOrder;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Catalogue;
import io.ballast.risk.file.RuleFileError;
import io.ballast.risk.file.RuleSetLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * p-1: 10 ETH collateral, 20000 USDC + 1 WBTC debt (WBTC at 5000 USD: the smaller debt), liquidation
 * threshold 0.825. At ETH 3000 the health factor is 10 x 3000 x 0.825 / 25000 = 0.99; at 3100 it is 1.023.
 */
class LiquidationTest {

    private final Catalogue catalogue = Catalogue.defaults();
    private final EventJson json = new EventJson(catalogue);

    private List<String> run(Path data, String rules, String... prices) {
        List<Decision> decisions = new ArrayList<>();
        try (Ballast ballast = Ballast.builder().dataDirectory(data).decisionMaker(new RuleEngine(catalogue))
                .onDecision(decisions::add).build()) {
            TreeMap<String, String> files = new TreeMap<>();
            files.put("margin.yaml", rules);
            ballast.submit(new RulesVersionMarked("v1", files));
            ballast.submit(json.read("{\"type\":\"price\",\"asset\":\"USDC\",\"usd\":\"1\",\"timestamp\":1700000000}"));
            ballast.submit(json.read("{\"type\":\"price\",\"asset\":\"WBTC\",\"usd\":\"5000\",\"timestamp\":1700000000}"));
            ballast.submit(json.read("{\"type\":\"position\",\"id\":\"p-1\",\"venue\":\"aave-arbitrum\",\"collateral\":{\"ETH\":\"10\"},"
                    + "\"debt\":{\"USDC\":\"20000\",\"WBTC\":\"1\"},\"liquidationThreshold\":0.825}"));
            for (String price : prices) {
                ballast.submit(json.read("{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"" + price + "\",\"timestamp\":1700000010}"));
            }
        }
        List<String> lines = new ArrayList<>();
        for (Decision decision : decisions) {
            if (decision instanceof LiquidationOrder order) {
                lines.add("liquidate " + order.position() + " repay " + Amounts.toDecimalString(order.amount(),
                        catalogue.asset(order.asset()).orElseThrow().decimals()) + " " + order.asset() + " (" + order.reason() + ") seq "
                        + order.journalSeq());
            } else {
                Alert alert = (Alert) decision;
                lines.add(alert.rule() + " " + alert.state().label() + " seq " + alert.journalSeq());
            }
        }
        return lines;
    }

    @Test
    void aPositionBelowHealthOneGetsAnOrderForHalfItsLargestDebt(@TempDir Path data) {
        String rules = "rules: [ { id: margin, scope: { position: \"*\" }, when: health_factor < 1.0, severity: critical, action: liquidate } ]";
        assertEquals(List.of("margin firing seq 5", "liquidate p-1 repay 10000 USDC (health factor 0.99 < 1) seq 5"),
                run(data, rules, "3000"));
    }

    @Test
    void theCloseFactorIsConfigurableAndTheOrderComesOnceUntilTheAlertResolves(@TempDir Path data) {
        String rules = "margin: { close-factor: 40% }\n"
                + "rules: [ { id: margin, scope: { position: p-1 }, when: health_factor < 1.0, severity: critical, action: liquidate } ]";
        assertEquals(List.of("margin firing seq 5", "liquidate p-1 repay 8000 USDC (health factor 0.99 < 1) seq 5",
                        "margin resolved seq 7", "margin firing seq 8", "liquidate p-1 repay 8000 USDC (health factor 0.99 < 1) seq 8"),
                run(data, rules, "3000", "2999", "3100", "3000"));
    }

    @Test
    void aLiquidationPastTheLimitsIsNotOrderedAndACriticalAlertSaysSoUntilTheRuleResolves(@TempDir Path data) {
        // The order would repay 10000 USDC = 10000 USD, above the 7500 cap.
        String rules = "limits: { max-order-usd: 7500 }\n"
                + "rules: [ { id: margin, scope: { position: p-1 }, when: health_factor < 1.0, severity: critical, action: liquidate } ]";
        assertEquals(List.of("margin firing seq 5", "liquidation-blocked firing seq 5", "margin resolved seq 6",
                "liquidation-blocked resolved seq 6"), run(data, rules, "3000", "3100"));

        RuleSetLoader.Result refused = new RuleSetLoader(catalogue).load(new TreeMap<>(Map.of(
                "a.yaml", "limits: { max-order-usd: 5000, max-usd-per-hour: 4000 }",
                "b.yaml", "limits: { max-order-usd: lots, per-day: 9 }\n")));
        assertEquals(List.of("a.yaml:1:26: max-order-usd is above max-usd-per-hour",
                        "b.yaml:1:1: limits are already set in a.yaml",
                        "b.yaml:1:26: max-order-usd: expected a positive amount of USD, got 'lots'",
                        "b.yaml:1:32: unknown key 'per-day' in limits"),
                refused.errors().stream().map(RuleFileError::toString).toList());
    }

    @Test
    void portfolioLiquidationTargetsEveryLiquidatablePositionAndOtherScopesAreRefused(@TempDir Path data) {
        String rules = "rules: [ { id: solvency, scope: portfolio, when: solvency_ratio < 1.1, severity: critical, action: liquidate } ]";
        // no liabilities: solvent without bound, so nothing fires even though p-1 is below 1
        assertEquals(List.of(), run(data, rules, "3000"));

        RuleSetLoader.Result refused = new RuleSetLoader(catalogue).load(Map.of("bad.yaml",
                "rules: [ { id: x, scope: { asset: ETH }, when: balance < 1, severity: info, action: liquidate } ]"));
        assertEquals(List.of("bad.yaml:1:85: action liquidate needs a position or portfolio scope, not asset"),
                refused.errors().stream().map(RuleFileError::toString).toList());
    }
}
