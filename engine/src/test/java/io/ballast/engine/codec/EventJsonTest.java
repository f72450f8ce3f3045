package io.ballast.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.model.Catalogue;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonTest {

    private final EventJson json = new EventJson(Catalogue.defaults());

    @Test
    void convertsDecimalTokenAmountsToExactBaseUnits() {
        BalanceObserved usdc = (BalanceObserved) json.read(
                "{\"type\":\"balance\",\"chain\":\"arbitrum\",\"asset\":\"USDC\",\"account\":\"0xDESK\",\"amount\":\"1015.5\",\"block\":101}");
        assertEquals(BigInteger.valueOf(1_015_500_000L), usdc.amount());
        assertEquals("0xdesk", usdc.account(), "accounts are case-normalised");
        assertEquals("0xaf88d065e77c8cc2239327c5edb3a432268e5831", usdc.token(), "the single USDC contract on arbitrum");

        BalanceObserved eth = (BalanceObserved) json.read(
                "{\"type\":\"balance\",\"chain\":\"ethereum\",\"asset\":\"ETH\",\"account\":\"0xdesk\",\"amount\":\"123456789.123456789123456789\"}");
        assertEquals(new BigInteger("123456789123456789123456789"), eth.amount(), "beyond a long, exact");
        assertEquals(Event.NONE, eth.block());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                 | {"type":"block",                                                                   | not valid JSON:
            not an object            | [1,2]                                                                              | expected a JSON object
            unknown type             | {"type":"blok","chain":"arbitrum"}                                                 | unknown event type 'blok' (did you mean 'block'?)
            misspelt field           | {"type":"block","chain":"arbitrum","numbr":1,"hash":"0x1","parentHash":"0x0","timestamp":1} | unknown field 'numbr' (did you mean 'number'?)
            missing field            | {"type":"block","chain":"arbitrum","hash":"0x1","parentHash":"0x0","timestamp":1}  | missing field 'number'
            number as text           | {"type":"block","chain":"arbitrum","number":"ten","hash":"0x1","parentHash":"0x0","timestamp":1} | field 'number' must be a whole number, got "ten"
            unknown chain            | {"type":"finality","chain":"arbitrun","tier":"safe","number":5}                    | unknown chain 'arbitrun' (did you mean 'arbitrum'?)
            unknown asset            | {"type":"price","asset":"USDX","usd":"1","timestamp":1}                            | unknown asset 'USDX' (did you mean 'USDC'?)
            bad tier                 | {"type":"finality","chain":"base","tier":"final","number":5}                       | field 'tier': unknown tier 'final' (expected pending, unsafe, safe or finalized)
            too many decimals        | {"type":"balance","chain":"base","asset":"USDC","account":"0xd","amount":"1.0000001"} | field 'amount': amount '1.0000001' has more than 6 decimals for USDC
            not a decimal            | {"type":"balance","chain":"base","asset":"USDC","account":"0xd","amount":"1e6"}    | field 'amount': '1e6' is not a decimal number for USDC
            negative balance         | {"type":"balance","chain":"base","asset":"USDC","account":"0xd","amount":"-5"}     | field 'amount' must be zero or more, got -5
            zero transfer            | {"type":"transfer","chain":"base","asset":"USDC","from":"0xa","to":"0xb","amount":"0","txHash":"0x1","logIndex":0,"block":1} | field 'amount' must be positive, got 0
            asset not on chain       | {"type":"balance","chain":"polygon","asset":"ETH","account":"0xd","amount":"1"}    | asset ETH has no token on chain polygon
            token of another asset   | {"type":"balance","chain":"base","asset":"USDC","token":"0x4200000000000000000000000000000000000006","account":"0xd","amount":"1"} | token 0x4200000000000000000000000000000000000006 on base is WETH, not USDC
            negative price           | {"type":"price","asset":"ETH","usd":"-3000","timestamp":1}                         | usd price must be positive, got -3000
            threshold above one      | {"type":"position","id":"p","venue":"v","collateral":{"ETH":"1"},"debt":{},"liquidationThreshold":1.5} | liquidationThreshold must be in (0, 1], got 1.5
            bad bridge status        | {"type":"bridge","id":"b","status":"lost"}                                         | field 'status': unknown bridge status 'lost' (expected initiated, completed or failed)
            negative block           | {"type":"block","chain":"base","number":-1,"hash":"0x1","parentHash":"0x0","timestamp":1} | number must not be negative, got -1
            """)
    void rejectsBadInputWithAPreciseReason(String description, String line, String reason) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> json.read(line));
        if (reason.endsWith(":")) {
            assertEquals(reason, error.getMessage().substring(0, reason.length()), description);
        } else {
            assertEquals(reason, error.getMessage(), description);
        }
    }

    @Test
    void ambiguousAssetNeedsAToken() {
        Catalogue twoUsdc = Catalogue.builder(Catalogue.defaults())
                .token("arbitrum", "0xFF970A61A04b1cA14834A43f5dE4533eBDDB5CC8", "USDC").build();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new EventJson(twoUsdc).read(
                "{\"type\":\"balance\",\"chain\":\"arbitrum\",\"asset\":\"USDC\",\"account\":\"0xd\",\"amount\":\"1\"}"));
        assertEquals("asset USDC has 2 tokens on chain arbitrum [0xaf88d065e77c8cc2239327c5edb3a432268e5831, "
                + "0xff970a61a04b1ca14834a43f5de4533ebddb5cc8]; name the token", error.getMessage());
    }

    @Test
    void everyEventTypeRoundTripsThroughItsCanonicalLine() throws Exception {
        Path file = Path.of(getClass().getResource("/all-event-types.jsonl").toURI());
        for (String line : Files.readAllLines(file)) {
            Event event = json.read(line);
            assertEquals(line, json.write(event), "canonical form");
            assertEquals(event, json.read(json.write(event)));
        }
    }

    @Test
    void aBadLineIsReportedWithFileAndLineAndTheGoodLinesAroundItAreKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"3000\",\"timestamp\":1}",
                "{\"type\":\"price\",\"asset\":\"ETH\",\"usd\":\"3000\"}",
                "",
                "{\"type\":\"price\",\"asset\":\"WBTC\",\"usd\":\"60000\",\"timestamp\":2}",
                "{\"type\":\"wat\"}",
                "{\"type\":\"price\",\"asset\":\"DAI\",\"usd\":\"1\",\"timestamp\":3}"));
        List<Long> good = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long rejected = new EventFileReader(json).read(file, (line, event) -> good.add(line), e -> errors.add(e.toString()));

        assertEquals(List.of(1L, 4L, 6L), good);
        assertEquals(2, rejected);
        assertEquals(List.of(file + ":2: missing field 'timestamp'", file + ":5: unknown event type 'wat'"), errors);
    }
}
