package io.ballast.risk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.engine.Ballast;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.RebalanceOrder;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.StateCodec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebalancing scenarios, derived by hand. Haircuts are 1.0 for every confirmed tier so the figures
 * stay whole. USDC: hub ethereum; arbitrum target 10% threshold 8%; base target 20% threshold 15%;
 * max-amount 5000, min-amount 100.
 */
class RebalanceTest {

    private static final String RULES = String.join("\n",
            "haircuts: { pending: 0.0, unsafe: 1.0, safe: 1.0, finalized: 1.0 }",
            "inventory:",
            "  USDC:",
            "    hub: ethereum",
            "    chains:",
            "      arbitrum: { target: 10%, threshold: 8% }",
            "      base:     { target: 20%, threshold: 15% }",
            "    max-amount: 5000",
            "    min-amount: 100",
            "    cooldown: COOLDOWN");

    private final Catalogue catalogue = Catalogue.defaults();
    private final EventJson json = new EventJson(catalogue);
    private final List<Decision> decisions = new ArrayList<>();
    private Ballast ballast;

    @TempDir
    Path data;

    @BeforeEach
    void clear() {
        decisions.clear();
    }

    private void start(String cooldown) {
        start(cooldown, "");
    }

    private void start(String cooldown, String limits) {
        ballast = Ballast.builder().dataDirectory(data).catalogue(catalogue).decisionMaker(new RuleEngine(catalogue))
                .inputCheck(new RuleSetCheck(catalogue)).onDecision(decisions::add).build();
        TreeMap<String, String> files = new TreeMap<>();
        files.put("inventory.yaml", RULES.replace("COOLDOWN", cooldown) + "\n" + limits);
        ballast.submit(new RulesVersionMarked("v1", files));
    }

    private void balance(String chain, String amount) {
        ballast.submit(json.read("{\"type\":\"balance\",\"chain\":\"" + chain + "\",\"asset\":\"USDC\",\"account\":\"0xdesk\",\"amount\":\""
                + amount + "\"}"));
    }

    private List<String> rendered() {
        List<String> lines = new ArrayList<>();
        for (Decision decision : decisions) {
            if (decision instanceof RebalanceOrder order) {
                lines.add("order " + order.fromChain() + "->" + order.toChain() + " " + Amounts.toDecimalString(order.amount(), 6)
                        + " (" + order.reason() + ") seq " + order.journalSeq());
            } else {
                Alert alert = (Alert) decision;
                lines.add(alert.rule() + " " + alert.state().label() + " " + alert.scope().key() + ": " + alert.message()
                        + " seq " + alert.journalSeq());
            }
        }
        return lines;
    }

    @Test
    void noOrderUntilEveryChainHasReportedThenExactOrdersCappedByMaxAmount() {
        start("10m");
        // seq 1, the rule set itself: no chain has reported
        balance("ethereum", "90000");   // seq 2: arbitrum and base not reported
        balance("arbitrum", "6000");    // seq 3: base not reported
        balance("base", "4000");        // seq 4: complete. cumulative 100000
        // arbitrum 6% < 8%: 10% x 100000 - 6000 = 4000.  base 4% < 15%: 20% x 100000 - 4000 = 16000, capped to 5000.
        assertEquals(List.of(
                "inventory-incomplete firing asset[asset=USDC]: USDC inventory is incomplete: no balance yet from ethereum, arbitrum, base seq 1",
                "inventory-incomplete resolved asset[asset=USDC]: inventory-incomplete cleared seq 4",
                "order ethereum->arbitrum 4000 (allocation 6% < threshold 8%) seq 4",
                "order ethereum->base 5000 (allocation 4% < threshold 15%) seq 4"), rendered());
        ballast.close();
    }

    @Test
    void anOrderInFlightIsCountedSoTheShortfallIsNotOrderedTwice() {
        start("0s");
        balance("ethereum", "90000");
        balance("arbitrum", "6000");
        balance("base", "17000");       // seq 4: cumulative 113000; arbitrum 5.3% -> 11300 - 6000 = 5300, capped 5000; base 15.04%: fine
        balance("base", "17000");       // seq 5: arbitrum virtual 6000 + 5000 outstanding = 11000 = 9.7%: no order
        String orderId = decisions.get(decisions.size() - 1).id();
        balance("ethereum", "85000");   // seq 6: the hub's debit lands first, as on chain: no order
        ballast.submit(json.read("{\"type\":\"bridge\",\"id\":\"" + orderId + "\",\"asset\":\"USDC\",\"from\":\"ethereum\","
                + "\"to\":\"arbitrum\",\"amount\":\"5000\",\"status\":\"initiated\",\"expectedArrivalSeconds\":900}"));
        // seq 7: the order is now a bridge transfer in flight: hub 85000, arbitrum 6000 + 5000, base 17000: 9.7% and 15.04%, no order
        assertEquals(List.of(
                "inventory-incomplete firing asset[asset=USDC]: USDC inventory is incomplete: no balance yet from ethereum, arbitrum, base seq 1",
                "inventory-incomplete resolved asset[asset=USDC]: inventory-incomplete cleared seq 4",
                "order ethereum->arbitrum 5000 (allocation 5.3% < threshold 8%) seq 4"), rendered());
        assertEquals(Integer.valueOf(0), ballast.query(state -> state.orders().outstanding().size()), "the bridge event took the order off the book");
        ballast.close();
    }

    @Test
    void aHubThatCannotCoverAndAnOrderBelowMinAmountSendNothingAndSayWhy() {
        start("0s");
        balance("ethereum", "3000");
        balance("arbitrum", "500");
        balance("base", "96500");       // seq 4: arbitrum 0.5%: 10000 - 500 = 9500, capped 5000 > 3000 available
        balance("ethereum", "900");
        balance("arbitrum", "70");
        balance("base", "30");          // seq 7: cumulative 1000. arbitrum 7%: 100 - 70 = 30 < 100. base 3%: 200 - 30 = 170
        assertEquals(List.of(
                "inventory-incomplete firing asset[asset=USDC]: USDC inventory is incomplete: no balance yet from ethereum, arbitrum, base seq 1",
                "inventory-incomplete resolved asset[asset=USDC]: inventory-incomplete cleared seq 4",
                "rebalance-blocked firing asset-chain[asset=USDC,chain=arbitrum]: allocation 0.5% < threshold 8%, but the hub "
                        + "ethereum has 3000 USDC available and the order needs 5000 seq 4",
                "order ethereum->base 170 (allocation 3% < threshold 15%) seq 7"), rendered());
        // still blocked, now for another reason: an alert says it once and stays firing
        assertEquals(Integer.valueOf(1), ballast.query(state -> state.alerts().firing().size()));
        ballast.close();
    }

    @Test
    void aCooldownSpacesOrdersToTheSameChain() {
        start("10m");
        String block = "{\"type\":\"block\",\"chain\":\"ethereum\",\"number\":N,\"hash\":\"0xN\",\"parentHash\":\"0xP\",\"timestamp\":T}";
        ballast.submit(json.read(block.replace("N", "1").replace("P", "0").replace("T", "1700000000")));
        balance("ethereum", "90000");
        balance("arbitrum", "2000");
        balance("base", "20000");       // seq 5: arbitrum 1.8%: 11200 - 2000 = 9200, capped 5000
        ballast.submit(json.read(block.replace("N", "2").replace("P", "1").replace("T", "1700000599")));
        // seq 6: 599 s later arbitrum is still short (7000 = 6.25%) but in cooldown
        ballast.submit(json.read(block.replace("N", "3").replace("P", "2").replace("T", "1700000600")));
        // seq 7: cooldown over: 11200 - 7000 = 4200
        List<String> orders = rendered().stream().filter(line -> line.startsWith("order")).toList();
        assertEquals(List.of("order ethereum->arbitrum 5000 (allocation 1.8% < threshold 8%) seq 5",
                "order ethereum->arbitrum 4200 (allocation 6.3% < threshold 8%) seq 7"), orders);
        ballast.close();
    }

    private void price(long timestamp) {
        ballast.submit(json.read("{\"type\":\"price\",\"asset\":\"USDC\",\"usd\":\"1.00\",\"timestamp\":" + timestamp + "}"));
    }

    @Test
    void anOrderAboveTheNotionalCapIsNotMadeAndAnAlertSaysWhy() {
        start("0s", "limits: { max-order-usd: 4500 }");
        price(1_700_000_000L);          // seq 2: USDC at 1.00
        balance("ethereum", "90000");
        balance("arbitrum", "6000");
        balance("base", "4000");        // seq 5: arbitrum 4000 = 4000 USD, within 4500; base 5000 USD, above
        assertEquals(List.of(
                "inventory-incomplete firing asset[asset=USDC]: USDC inventory is incomplete: no balance yet from ethereum, arbitrum, base seq 1",
                "inventory-incomplete resolved asset[asset=USDC]: inventory-incomplete cleared seq 5",
                "order ethereum->arbitrum 4000 (allocation 6% < threshold 8%) seq 5",
                "rebalance-blocked firing asset-chain[asset=USDC,chain=base]: allocation 4% < threshold 15%, but the order of 5000 USDC "
                        + "is past the limits: its notional 5000.00 USD is above max-order-usd 4500.00 seq 5"), rendered());
        ballast.close();
    }

    @Test
    void theHourlyCapCountsTheLastHourOfEngineTimeAndWithoutAFreshPriceNothingIsOrdered() {
        start("0s", "limits: { max-usd-per-hour: 7000 }");
        String block = "{\"type\":\"block\",\"chain\":\"ethereum\",\"number\":1,\"hash\":\"0x1\",\"parentHash\":\"0x0\",\"timestamp\":T}";
        price(1_700_000_000L);
        balance("ethereum", "90000");
        balance("arbitrum", "6000");
        balance("base", "4000");        // seq 5: arbitrum 4000 USD (hour: 4000); base 5000 USD would make the hour 9000
        ballast.submit(json.read(block.replace("T", "1700003601")));
        // seq 6: an hour and a second later the arbitrum order expired unexecuted, but the price is stale: fail closed
        price(1_700_003_601L);
        // seq 7: fresh again; the first 4000 left the hour, so arbitrum's 4000 fits (4000 <= 7000); base still would not (9000)
        assertEquals(List.of(
                "inventory-incomplete firing asset[asset=USDC]: USDC inventory is incomplete: no balance yet from ethereum, arbitrum, base seq 1",
                "inventory-incomplete resolved asset[asset=USDC]: inventory-incomplete cleared seq 5",
                "order ethereum->arbitrum 4000 (allocation 6% < threshold 8%) seq 5",
                "rebalance-blocked firing asset-chain[asset=USDC,chain=base]: allocation 4% < threshold 15%, but the order of 5000 USDC "
                        + "is past the limits: with it the last hour's orders would come to 9000.00 USD, above max-usd-per-hour 7000.00 seq 5",
                "rebalance-blocked firing asset-chain[asset=USDC,chain=arbitrum]: allocation 6% < threshold 8%, but the order of 4000 USDC "
                        + "is past the limits: no fresh USDC price to check it against the limits seq 6",
                "rebalance-blocked resolved asset-chain[asset=USDC,chain=arbitrum]: rebalance-blocked cleared seq 7",
                "order ethereum->arbitrum 4000 (allocation 6% < threshold 8%) seq 7"), rendered());
        assertEquals(0, new BigDecimal("4000").compareTo(ballast.query(state -> StateCodec.decode(StateCodec.encode(state),
                catalogue, state.settings()).orders().spentInHourTo(state.clock()))), "the hour's notional is in the snapshot");
        ballast.close();
    }
}
