package io.ballast.connectors.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.engine.FreePort;
import io.ballast.engine.model.Asset;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Chain;
import io.ballast.engine.model.ChainKind;
import io.ballast.engine.model.Finality;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * A real EVM node (ganache or hardhat, installed from npm by the test build) on a free 127.0.0.1 port,
 * with a chain id of the test's choosing, deterministic unlocked accounts and automine; plus the JSON-RPC
 * calls the tests make on it: transfers, mining, snapshots for reorgs, and the test ERC-20.
 */
public final class EvmNode implements AutoCloseable {

    /** The two node implementations; each mines several blocks its own way. */
    public enum Kind {
        GANACHE,
        HARDHAT
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVM_DIR = Path.of(System.getProperty("ballast.evm.dir", "target/evm"));

    private final Kind kind;
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // hardhat refuses an h2c upgrade
    private final List<String> accounts;
    private long requestId;

    private EvmNode(Kind kind, Process process, int port) {
        this.kind = kind;
        this.process = process;
        this.port = port;
        awaitReady();
        List<String> list = new ArrayList<>();
        call("eth_accounts").forEach(account -> list.add(account.asText().toLowerCase(Locale.ROOT)));
        this.accounts = List.copyOf(list);
    }

    public static EvmNode ganache(long chainId) throws IOException {
        int port = FreePort.any();
        return new EvmNode(Kind.GANACHE, new ProcessBuilder("node", installed("node_modules/ganache/dist/node/cli.js"), "--server.host",
                "127.0.0.1", "--server.port", String.valueOf(port), "--chain.chainId", String.valueOf(chainId), "--wallet.deterministic",
                "--logging.quiet", "--chain.hardfork", "shanghai")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start(), port);
    }

    /** A hardhat node; its chain id is read by the test build's {@code hardhat.config.js}. */
    public static EvmNode hardhat(long chainId) throws IOException {
        int port = FreePort.any();
        ProcessBuilder builder = new ProcessBuilder("node", installed("node_modules/hardhat/internal/cli/cli.js"), "node", "--hostname",
                "127.0.0.1", "--port", String.valueOf(port))
                .directory(EVM_DIR.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("BALLAST_CHAIN_ID", String.valueOf(chainId));
        builder.environment().put("HARDHAT_DISABLE_TELEMETRY_PROMPT", "true");
        return new EvmNode(Kind.HARDHAT, builder.start(), port);
    }

    private static String installed(String cli) {
        Path path = EVM_DIR.resolve(cli);
        if (!Files.exists(path)) {
            throw new IllegalStateException("no EVM node at " + path + ": the test build installs them (mvn generate-test-resources)");
        }
        return path.toString();
    }

    /**
     * The default catalogue with a test node's chain as {@code devnet} (chain id {@code chainId}, 1 s blocks, no
     * challenge window) holding native ETH and a test token {@code TT} (6 decimals) at {@code token}.
     */
    public static Catalogue devnetCatalogue(long chainId, String token, Finality finality) {
        return Catalogue.builder(Catalogue.defaults())
                .chain(new Chain("devnet", chainId, ChainKind.L1, 1_000, finality, 0))
                .asset(new Asset("TT", 6))
                .token("devnet", token, "TT")
                .token("devnet", Catalogue.NATIVE, "ETH")
                .build();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Deterministic, funded, unlocked accounts, lower-case. */
    public String account(int i) {
        return accounts.get(i);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                call("eth_chainId");
                return;
            } catch (RuntimeException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(kind + " on port " + port + " did not come up", e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    public JsonNode call(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", ++requestId);
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object param : params) {
            array.add(JSON.valueToTree(param));
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url()))
                    .timeout(Duration.ofSeconds(30))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (answer.has("error")) {
                throw new IllegalStateException(method + ": " + answer.get("error"));
            }
            return answer.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public long head() {
        return quantity(call("eth_blockNumber")).longValueExact();
    }

    public void mine(int blocks) {
        if (kind == Kind.GANACHE) {
            call("evm_mine", Map.of("blocks", blocks));
        } else {
            call("hardhat_mine", "0x" + Integer.toHexString(blocks));
        }
    }

    public String snapshot() {
        return call("evm_snapshot").asText();
    }

    public void revert(String snapshot) {
        if (!call("evm_revert", snapshot).asBoolean()) {
            throw new IllegalStateException("evm_revert " + snapshot + " refused");
        }
    }

    /** Sends a transaction from an unlocked account; with automine it is in a block when this returns. Returns its hash. */
    public String send(String from, String to, BigInteger value, String data) {
        ObjectNode tx = JSON.createObjectNode();
        tx.put("from", from);
        if (to != null) {
            tx.put("to", to);
        }
        tx.put("value", "0x" + value.toString(16));
        tx.put("gas", "0x" + Long.toHexString(3_000_000));
        if (data != null) {
            tx.put("data", data);
        }
        return call("eth_sendTransaction", tx).asText();
    }

    public JsonNode receipt(String txHash) {
        return call("eth_getTransactionReceipt", txHash);
    }

    /** Deploys the test ERC-20 (compiled by the test build) with its whole supply at {@code owner}; returns its address. */
    public String deployToken(String owner, BigInteger supply) throws IOException {
        JsonNode compiled = JSON.readTree(EVM_DIR.resolve("TestToken.json").toFile());
        String constructorArgs = FunctionEncoder.encodeConstructor(List.of(new Uint256(supply)));
        String hash = send(owner, null, BigInteger.ZERO, compiled.get("bytecode").asText() + constructorArgs);
        JsonNode receipt = receipt(hash);
        if (!"0x1".equals(receipt.get("status").asText())) {
            throw new IllegalStateException("token deployment failed: " + receipt);
        }
        return receipt.get("contractAddress").asText().toLowerCase(Locale.ROOT);
    }

    public String transferToken(String token, String from, String to, BigInteger amount) {
        return send(from, token, BigInteger.ZERO, FunctionEncoder.encode(
                new Function("transfer", List.of(new Address(to), new Uint256(amount)), List.of())));
    }

    /** Several Transfer logs in one transaction. */
    public String transferTokenMany(String token, String from, List<String> to, List<BigInteger> amounts) {
        return send(from, token, BigInteger.ZERO, FunctionEncoder.encode(new Function("transferMany", List.of(
                new DynamicArray<>(Address.class, to.stream().map(Address::new).toList()),
                new DynamicArray<>(Uint256.class, amounts.stream().map(Uint256::new).toList())), List.of())));
    }

    public BigInteger tokenBalance(String token, String account) {
        ObjectNode call = JSON.createObjectNode();
        call.put("to", token);
        call.put("data", "0x70a08231" + "0".repeat(24) + account.substring(2));
        return quantity(call("eth_call", call, "latest"));
    }

    public BigInteger balance(String account) {
        return quantity(call("eth_getBalance", account, "latest"));
    }

    public static BigInteger quantity(JsonNode hex) {
        String text = hex.asText();
        return text.equals("0x") ? BigInteger.ZERO : new BigInteger(text.substring(2), 16);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
