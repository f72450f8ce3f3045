package io.ballast.risk.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.decision.Severity;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Tier;
import io.ballast.risk.expr.ScopeVariables;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RuleSetLoaderTest {

    private final RuleSetLoader loader = new RuleSetLoader(Catalogue.defaults());

    private RuleSetLoader.Result load(String... nameThenText) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < nameThenText.length; i += 2) {
            texts.put(nameThenText[i], nameThenText[i + 1]);
        }
        return loader.load(texts);
    }

    private List<String> errors(String... nameThenText) {
        RuleSetLoader.Result result = load(nameThenText);
        assertNull(result.ruleSet(), "a file with errors yields no rule set");
        return result.errors().stream().map(RuleFileError::toString).toList();
    }

    @Test
    void theExampleRulesLoadWithExactValues() {
        RuleSetLoader.Result result = loader.loadFiles(List.of(Path.of("../examples/rules.yaml")));
        assertEquals(List.of(), result.errors());
        RuleSet rules = result.ruleSet();

        assertEquals(0, new BigDecimal("0.95").compareTo(rules.haircuts().weight(Tier.SAFE)));
        assertEquals(List.of("optimism", "base"), rules.groups().get("superchain"));
        InventoryTarget usdc = rules.inventory().get("USDC");
        assertEquals("ethereum", usdc.hub());
        assertEquals(new ChainTarget("arbitrum", new BigDecimal("0.1"), new BigDecimal("0.08")), usdc.chains().get(0));
        assertEquals(BigInteger.valueOf(1_000_000).multiply(BigInteger.TEN.pow(6)), usdc.maxAmount());
        assertEquals(BigInteger.valueOf(100_000_000), usdc.minAmount());
        assertEquals(600, usdc.cooldownSeconds());
        assertEquals(List.of("superchain-concentration", "portfolio-solvency", "chain-stalled", "usdc-not-final-on-base",
                "stale-eth-price", "margin-health"), rules.rules().stream().map(Rule::id).toList());

        Rule solvency = rules.rules().get(1);
        assertEquals(RuleScope.Kind.PORTFOLIO, solvency.scope().kind());
        assertEquals(Severity.CRITICAL, solvency.severity());
        assertEquals(Rule.Action.LIQUIDATE, solvency.action());
        assertEquals("solvency_ratio >= 1.15", solvency.clearWhen().text());
        assertEquals("../examples/rules.yaml:27:5", solvency.location());
        assertEquals(new ActionLimits(new BigDecimal("1000000"), new BigDecimal("5000000")), rules.limits());
        assertEquals(new RuleScope(RuleScope.Kind.GROUP, "USDC", "", "superchain", ""), rules.rules().get(0).scope());
        assertEquals(new RuleScope(RuleScope.Kind.CHAIN, "", "*", "", ""), rules.rules().get(2).scope());
        Map<String, Double> chainFigures = Map.of("seconds_since_head", 25.0, "block_time_seconds", 2.0,
                "reorg_depth", 0.0, "finality_lag_blocks", 0.0, "pending_usd", 0.0, "unsafe_usd", 0.0, "safe_usd", 0.0, "usd", 0.0);
        assertTrue(rules.rules().get(2).when().test(slot -> chainFigures.get(ScopeVariables.of(RuleScope.Kind.CHAIN).get(slot).name())));
    }

    @Test
    void everyErrorOfAFileIsReportedAtItsLineAndColumn() {
        String text = String.join("\n",
                "haircuts: { pending: 0.0, unsafe: 150%, safe: 0.95 }",
                "groups:",
                "  superchain: [optimism, bsae]",
                "inventory:",
                "  USDC:",
                "    hub: ethereum",
                "    chains:",
                "      arbitrum: { target: 10%, threshold: 12% }",
                "    max-amount: 1000000",
                "    min-amount: 100.0000001",
                "    coldown: 10m",
                "  USDX:",
                "    hub: ethereum",
                "rules:",
                "  - id: concentration",
                "    scope: { asset: USDC, group: superchian }",
                "    when: share > 0.40",
                "    severity: warning",
                "  - id: concentration",
                "    scope: portfolio",
                "    when: usd > 1",
                "    severity: warning",
                "  - id: stalled",
                "    scope: { chain: \"*\" }",
                "    when: seconds_since_head > \"long\"",
                "    severity: critical",
                "  - id: typo",
                "    scope: { asset: USDC, chain: base }",
                "    when: shar > 0.4",
                "    severity: urgent",
                "    action: buy",
                "  - id: syntax",
                "    scope: { asset: USDC }",
                "    when: 'balance >'",
                "    severity: info",
                "  - id: arithmetic",
                "    scope: { chain: base }",
                "    when: seconds_since_head > 10 * block_time_seconds",
                "    severity: info",
                "    cooldown: soon",
                "");
        assertEquals(List.of(
                "limits.yaml:1:35: haircut unsafe: 150% is outside 0% to 100%",
                "limits.yaml:3:26: unknown chain 'bsae' (did you mean 'base'?)",
                "limits.yaml:8:43: threshold 12% is above target 10% for USDC on arbitrum",
                "limits.yaml:10:17: min-amount: amount '100.0000001' has more than 6 decimals for USDC",
                "limits.yaml:11:5: unknown key 'coldown' in inventory of USDC (did you mean 'cooldown'?)",
                "limits.yaml:12:3: unknown asset 'USDX' (did you mean 'USDC'?)",
                "limits.yaml:16:34: unknown group 'superchian' (did you mean 'superchain'?)",
                "limits.yaml:19:9: duplicate rule id 'concentration' (first at line 15)",
                "limits.yaml:25:30: found no matching overload for '_>_' applied to '(double, string)': rule variables are "
                        + "numbers; compare and combine them with numbers",
                "limits.yaml:29:11: unknown variable 'shar' in asset-chain scope (known: balance, effective, pending, in_flight, "
                        + "usd, share, allocation, target, threshold)",
                "limits.yaml:30:15: unknown severity 'urgent' (expected info, warning or critical)",
                "limits.yaml:31:13: unknown action 'buy' (expected alert, rebalance or liquidate)",
                "limits.yaml:34:21: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', "
                        + "NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}",
                "limits.yaml:38:35: found no matching overload for '_*_' applied to '(int, double)': write whole numbers as "
                        + "decimals (10.0, not 10)",
                "limits.yaml:40:15: cooldown: 'soon' is not a duration (30s, 10m, 2h or 1d)"),
                errors("limits.yaml", text));
    }

    @Test
    void filesAreCheckedAgainstEachOther() {
        String first = String.join("\n",
                "haircuts: { unsafe: 0.5 }",
                "groups:",
                "  superchain: [optimism, base]",
                "inventory:",
                "  USDC: { hub: ethereum, chains: { base: { target: 8%, threshold: 6% } }, max-amount: 1000 }",
                "rules:",
                "  - { id: low, scope: { asset: USDC }, when: balance < 10, severity: info }");
        String second = String.join("\n",
                "haircuts: { unsafe: 0.4 }",
                "groups:",
                "  superchain: [optimism]",
                "inventory:",
                "  USDC: { hub: arbitrum, chains: { base: { target: 8%, threshold: 6% } }, max-amount: 1000 }",
                "rules:",
                "  - { id: low, scope: { asset: USDC }, when: balance < 10, severity: info }",
                "  - { id: op, scope: { asset: USDC, group: superchain }, when: share > 0.5, severity: info }");
        assertEquals(List.of(
                "b.yaml:1:1: haircuts are already set in a.yaml",
                "b.yaml:3:3: group 'superchain' is already defined in a.yaml",
                "b.yaml:5:3: inventory of USDC is already defined in a.yaml; one definition per asset",
                "b.yaml:7:5: duplicate rule id 'low' (first at a.yaml:7:5)"), errors("a.yaml", first, "b.yaml", second));

        RuleSetLoader.Result split = load("groups.yaml", "groups: { l2s: [arbitrum, base] }",
                "rules.yaml", "rules: [ { id: l2, scope: { asset: USDC, group: l2s }, when: share > 0.9, severity: info } ]");
        assertTrue(split.ok(), "a group may be defined in another file: " + split.errors());
        assertEquals(List.of("arbitrum", "base"), split.ruleSet().groups().get("l2s"));
    }

    @Test
    void aRuleThatLacksAKeyStillHasItsConditionChecked() {
        List<String> errors = errors("bad.yaml", "rules: [ { id: x, scope: portfolio, when: 'solvncy_ratio < 1.1' } ]");
        assertEquals(2, errors.size(), errors.toString());
        assertEquals("bad.yaml:1:10: a rule needs 'severity'", errors.get(0));
        assertTrue(errors.get(1).startsWith("bad.yaml:1:44: unknown variable 'solvncy_ratio' in portfolio scope"), errors.get(1));
    }

    @Test
    void structuralMistakesAreNamed() {
        assertEquals(List.of("bad.yaml:2:10: not valid YAML: mapping values are not allowed here"),
                errors("bad.yaml", "rules:\n  - id: x: y\n"));
        assertEquals(List.of("bad.yaml:1:1: unknown key 'rule' in a rule file (did you mean 'rules'?)"),
                errors("bad.yaml", "rule: []"));
        assertEquals(List.of("bad.yaml:1:10: a rule needs 'when'", "bad.yaml:1:10: a rule needs 'severity'"),
                errors("bad.yaml", "rules: [ { id: x, scope: portfolio } ]"));
        assertEquals(List.of("bad.yaml:1:40: scope is 'portfolio' or a mapping of asset, chain, group or position"),
                errors("bad.yaml", "rules: [ { id: x, when: 'true', scope: everything, severity: info } ]"));
        assertEquals(List.of("bad.yaml:1:40: scope [chain, position] is not one of: portfolio, {asset}, {chain}, {asset, chain}, "
                        + "{asset, group}, {position}"),
                errors("bad.yaml", "rules: [ { id: x, when: 'true', scope: { chain: base, position: p }, severity: info } ]"));
        assertEquals(List.of("bad.yaml:1:45: targets of USDC add up to 110%, more than 100%",
                        "bad.yaml:1:47: the hub ethereum holds the remainder; it takes no target of its own"),
                errors("bad.yaml", "inventory: { USDC: { hub: ethereum, chains: { ethereum: { target: 5%, threshold: 1% }, "
                        + "base: { target: 60%, threshold: 1% }, optimism: { target: 50%, threshold: 1% } }, max-amount: 1 } }"));
        assertTrue(load("empty.yaml", "").ok(), "an empty file is an empty rule set");
        assertFalse(load("bad.yaml", "rules: 3").ok());
    }

    @Test
    void percentagesDurationsAndFractionsParseExactly() {
        assertEquals(new BigDecimal("0.075"), Values.fraction("7.5%"));
        assertEquals(new BigDecimal("0.07"), Values.fraction("0.07"));
        assertEquals(BigDecimal.ONE, Values.fraction("100%"));
        assertEquals(45, Values.durationSeconds("45s"));
        assertEquals(7_200, Values.durationSeconds("2h"));
        assertEquals(86_400, Values.durationSeconds("1d"));
        assertEquals("8%", Values.percent(new BigDecimal("0.08")));
        assertEquals(new TreeMap<>(), load("empty.yaml", "").ruleSet().inventory());
    }
}
