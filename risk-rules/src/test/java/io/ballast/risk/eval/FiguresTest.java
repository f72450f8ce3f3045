package io.ballast.risk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.engine.codec.EventJson;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ExposureState;
import io.ballast.engine.state.StateSettings;
import io.ballast.risk.expr.ScopeVariables;
import io.ballast.risk.expr.Variable;
import io.ballast.risk.expr.Variables;
import io.ballast.risk.file.RuleScope;
import io.ballast.risk.file.RuleSet;
import io.ballast.risk.file.RuleSetLoader;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every variable of every scope, against values derived by hand from one small book (clock T+20,
 * T = 1700000000; haircuts unsafe 0.5, safe 0.9; USDC at 1.0 fresh, ETH price 420 s old and stale):
 * <pre>
 * ethereum USDC: finalized 600                                   effective 600
 * base     USDC: finalized 100, safe +50, unsafe +30, pending +30 effective 100 + 45 + 15 + 0 = 160
 * optimism USDC: unsafe 40                                       effective 20
 * base     ETH : finalized 1 (no fresh price)
 * in flight: b-1 20 USDC ethereum->base (due T+100); b-2 10 USDC ethereum->optimism (due T-140: overdue)
 * obligation 500 USDC; positions p-1 (1000 USDC collateral, 500 USDC debt, lt 0.8), p-2 (ETH collateral)
 * </pre>
 */
class FiguresTest {

    private static final double EPSILON = 1e-12;

    private Figures figures;
    private ExposureState state;

    @BeforeEach
    void book() {
        Catalogue catalogue = Catalogue.defaults();
        EventJson json = new EventJson(catalogue);
        state = new ExposureState(catalogue, StateSettings.defaults().withTrackedAccounts(Map.of("0xdesk", "desk")));
        String[] events = {
            "{'type':'finality','chain':'ethereum','tier':'finalized','number':10}",
            "{'type':'balance','chain':'ethereum','asset':'USDC','account':'0xdesk','amount':'600','block':10}",
            "{'type':'block','chain':'base','number':20,'hash':'0x20','parentHash':'0x19','timestamp':1700000000}",
            "{'type':'balance','chain':'base','asset':'USDC','account':'0xdesk','amount':'100','block':20}",
            "{'type':'balance','chain':'base','asset':'ETH','account':'0xdesk','amount':'1','block':20}",
            "{'type':'finality','chain':'base','tier':'finalized','number':20}",
            "{'type':'block','chain':'base','number':21,'hash':'0x21','parentHash':'0x20','timestamp':1700000010}",
            "{'type':'transfer','chain':'base','asset':'USDC','from':'0xu','to':'0xdesk','amount':'50','txHash':'0x1','logIndex':0,'block':21}",
            "{'type':'block','chain':'base','number':22,'hash':'0x22','parentHash':'0x21','timestamp':1700000020}",
            "{'type':'transfer','chain':'base','asset':'USDC','from':'0xu','to':'0xdesk','amount':'30','txHash':'0x2','logIndex':0,'block':22}",
            "{'type':'finality','chain':'base','tier':'safe','number':21}",
            "{'type':'pending','chain':'base','asset':'USDC','from':'0xu','to':'0xdesk','amount':'40','txHash':'0xp1'}",
            "{'type':'pending','chain':'base','asset':'USDC','from':'0xdesk','to':'0xu','amount':'10','txHash':'0xp2'}",
            "{'type':'balance','chain':'optimism','asset':'USDC','account':'0xdesk','amount':'40'}",
            "{'type':'bridge','id':'b-1','asset':'USDC','from':'ethereum','to':'base','amount':'20','status':'initiated','expectedArrivalSeconds':100,'timestamp':1700000000}",
            "{'type':'bridge','id':'b-2','asset':'USDC','from':'ethereum','to':'optimism','amount':'10','status':'initiated','expectedArrivalSeconds':60,'timestamp':1699999800}",
            "{'type':'price','asset':'USDC','usd':'1.0','timestamp':1700000020}",
            "{'type':'price','asset':'ETH','usd':'2000','timestamp':1699999600}",
            "{'type':'obligation','id':'o-1','asset':'USDC','amount':'500'}",
            "{'type':'position','id':'p-1','venue':'v','collateral':{'USDC':'1000'},'debt':{'USDC':'500'},'liquidationThreshold':0.8}",
            "{'type':'position','id':'p-2','venue':'v','collateral':{'ETH':'1'},'debt':{'USDC':'100'},'liquidationThreshold':0.8}",
        };
        for (int i = 0; i < events.length; i++) {
            state.apply(i + 1, json.read(events[i].replace('\'', '"')));
        }
        RuleSet rules = new RuleSetLoader(catalogue).load(Map.of("r.yaml", String.join("\n",
                "haircuts: { pending: 0.0, unsafe: 0.5, safe: 0.9, finalized: 1.0 }",
                "groups: { superchain: [optimism, base] }",
                "inventory:",
                "  USDC: { hub: ethereum, max-amount: 1000, chains: { base: { target: 20%, threshold: 10% }, "
                        + "optimism: { target: 10%, threshold: 5% } } }"))).ruleSet();
        figures = new Figures(state, rules);
        figures.begin(null);
    }

    private static void assertVariables(RuleScope.Kind kind, Map<String, Double> expected, Variables variables) {
        Map<String, Object> actual = ScopeVariables.asMap(ScopeVariables.of(kind), variables);
        assertEquals(ScopeVariables.of(kind).stream().map(Variable::name).sorted().toList(),
                new TreeMap<>(actual).keySet().stream().toList(), kind.label() + " computes exactly its documented variables");
        expected.forEach((name, value) -> assertEquals(value, (Double) actual.get(name), EPSILON, kind.label() + " " + name));
        assertEquals(expected.keySet(), actual.keySet(), "every variable is checked");
    }

    @Test
    void portfolio() {
        assertEquals(1_700_000_020L, state.clock());
        assertVariables(RuleScope.Kind.PORTFOLIO, Map.of(
                "usd", 820.0,                     // 600 + 180 + 40 USDC; ETH has no fresh price
                "effective_usd", 780.0,           // 600 + 160 + 20
                "in_flight_usd", 30.0,
                "liabilities_usd", 500.0,
                "solvency_ratio", 810.0 / 500.0,
                "overdue_transfers", 1.0,
                "unpriced_assets", 1.0), figures.portfolio());
    }

    @Test
    void aBookThatOwesNothingIsSolventWithoutBound() {
        ExposureState empty = new ExposureState(Catalogue.defaults(), StateSettings.defaults());
        Figures none = new Figures(empty, RuleSet.empty());
        none.begin(null);
        assertEquals(Double.POSITIVE_INFINITY, none.portfolio().value(PortfolioFigures.SOLVENCY_RATIO));
    }

    @Test
    void asset() {
        assertVariables(RuleScope.Kind.ASSET, Map.of(
                "balance", 820.0, "effective", 780.0, "pending", 30.0, "in_flight", 30.0, "usd", 820.0,
                "price_usd", 1.0, "price_age_seconds", 0.0, "overdue_transfers", 1.0), figures.asset("USDC"));
        assertVariables(RuleScope.Kind.ASSET, Map.of(
                "balance", 1.0, "effective", 1.0, "pending", 0.0, "in_flight", 0.0, "usd", 0.0,
                "price_usd", 0.0, "price_age_seconds", 420.0, "overdue_transfers", 0.0), figures.asset("ETH"));
    }

    @Test
    void chain() {
        assertVariables(RuleScope.Kind.CHAIN, Map.of(
                "seconds_since_head", 0.0, "block_time_seconds", 2.0, "reorg_depth", 0.0, "finality_lag_blocks", 2.0,
                "pending_usd", 30.0, "unsafe_usd", 30.0, "safe_usd", 50.0, "usd", 180.0, "stalled", 0.0),
                figures.chain("base"));
        assertEquals(Double.POSITIVE_INFINITY, figures.chain("optimism").value(ChainFigures.SECONDS_SINCE_HEAD),
                "a chain that never reported a block has no head age to trust");
    }

    @Test
    void aStalledChainSaysSoAndItsHeadAgesWithTheStall() {
        state.apply(100, new EventJson(Catalogue.defaults()).read("{\"type\":\"stall\",\"chain\":\"base\",\"timestamp\":1700000100}"));
        figures.begin(null);
        assertEquals(1.0, figures.chain("base").value(ChainFigures.STALLED));
        assertEquals(80.0, figures.chain("base").value(ChainFigures.SECONDS_SINCE_HEAD), "head at T+20, stall seen at T+100");
        assertEquals(0.0, figures.chain("ethereum").value(ChainFigures.STALLED));
    }

    @Test
    void assetOnChain() {
        assertVariables(RuleScope.Kind.ASSET_CHAIN, Map.of(
                "balance", 180.0, "effective", 160.0, "pending", 30.0, "in_flight", 20.0, "usd", 180.0,
                "share", 160.0 / 780.0,
                "allocation", 180.0 / 810.0,       // (160 + 20) / (600 + 180 + 30)
                "target", 0.2, "threshold", 0.1), figures.asset("USDC").on("base"));
    }

    @Test
    void group() {
        assertVariables(RuleScope.Kind.GROUP, Map.of(
                "balance", 220.0, "effective", 180.0, "pending", 30.0, "in_flight", 30.0, "usd", 220.0,
                "share", 180.0 / 780.0), figures.asset("USDC").group("superchain"));
    }

    @Test
    void position() {
        assertVariables(RuleScope.Kind.POSITION, Map.of(
                "health_factor", 1.6,              // 1000 x 1.0 x 0.8 / 500 x 1.0
                "collateral_usd", 1000.0, "debt_usd", 500.0), figures.position(state.positions().get("p-1")));
        assertTrue(figures.position(state.positions().get("p-1")).isPriced());
        assertFalse(figures.position(state.positions().get("p-2")).isPriced(), "an unpriced position is not evaluated on a guess");
    }
}
