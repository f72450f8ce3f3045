package io.ballast.ops.config;

import com.typesafe.config.ConfigUtil;
import io.ballast.connectors.chain.EvmSourceSettings;
import io.ballast.engine.codec.Suggestions;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Chain;
import io.ballast.engine.model.ChainKind;
import io.ballast.engine.model.Finality;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code ballast.chains}: the real chains to follow, one block each named after the chain. A chain of
 * the catalogue needs only its endpoint; its facts (chain id, kind, block time, finality, challenge
 * window) and its assets' token contracts can be overridden, and a chain the catalogue does not know
 * needs them all. Every problem is reported with its key, like the rest of the config.
 */
final class ChainsSection {

    private static final List<String> KEYS = List.of("http", "ws", "poll-interval", "reconcile-every", "request-timeout", "blocks-per-poll",
            "batch-size", "socket-stall-after", "assets", "tokens", "chain-id", "kind", "block-time", "finality", "safe-depth", "finalized-depth",
            "challenge-window");
    private static final List<String> FACTS_OF_A_NEW_CHAIN = List.of("chain-id", "kind", "block-time", "finality");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private ChainsSection() {
    }

    /** Reads every chain, puts its facts and tokens into {@code effective}, and returns the sources to start. */
    static List<BallastConfig.ChainSource> read(BallastConfig.Reader read, Catalogue.Builder effective, Catalogue base) {
        List<BallastConfig.ChainSource> sources = new ArrayList<>();
        for (Map.Entry<String, Object> entry : new TreeMap<>(read.section("ballast.chains")).entrySet()) {
            String name = entry.getKey();
            String path = "ballast.chains." + ConfigUtil.quoteString(name);
            if (!(entry.getValue() instanceof Map)) {
                read.refuse(path, "must be a block of settings (http = ..., and optionally ws, tokens, ...)");
                continue;
            }
            Map<String, Object> settings = read.section(path);
            settings.keySet().stream().filter(key -> !KEYS.contains(key)).forEach(key -> read.refuse(path + "." + key, "unknown key"
                    + Suggestions.nearest(key, KEYS).map(s -> " (did you mean " + s + "?)").orElse("")));
            Chain chain = chain(read, path, name, base.chain(name).orElse(null));
            if (chain == null) {
                continue;
            }
            effective.chain(chain);
            tokens(read, path, chain.name(), base, effective);
            List<String> http = read.orElse(path + ".http", read::oneOrMore, List.of());
            if (http.isEmpty() || http.stream().anyMatch(url -> !url.startsWith("http://") && !url.startsWith("https://"))) {
                read.refuse(path + ".http", "needs the node's JSON-RPC URL (http:// or https://), or a list of them to fail over between");
            }
            String ws = read.orElse(path + ".ws", read::string, "");
            if (!ws.isEmpty() && !ws.startsWith("ws://") && !ws.startsWith("wss://")) {
                read.refuse(path + ".ws", "must be a ws:// or wss:// URL, or empty to poll only");
            }
            List<String> assets = read.orElse(path + ".assets", read::strings, List.of());
            assets.stream().filter(asset -> base.asset(asset).isEmpty()).forEach(asset -> read.refuse(path + ".assets", "unknown asset " + asset));
            if (!http.isEmpty()) {
                EvmSourceSettings source = source(read, path, EvmSourceSettings.of(chain, http.get(0), Set.of()).withEndpoints(http));
                sources.add(new BallastConfig.ChainSource(name, ws.isEmpty() ? source : source.withSocketEndpoint(ws), assets));
            }
        }
        return sources;
    }

    /** How the chain's node is read: the source's defaults (for this chain's block time), with the config's overrides. */
    private static EvmSourceSettings source(BallastConfig.Reader read, String path, EvmSourceSettings defaults) {
        return defaults.withPollInterval(read.orElse(path + ".poll-interval", read::positiveDuration, defaults.pollInterval()))
                .withReconcileEvery(read.orElse(path + ".reconcile-every", read::positiveDuration, defaults.reconcileEvery()))
                .withRequestTimeout(read.orElse(path + ".request-timeout", read::positiveDuration, defaults.requestTimeout()))
                .withSocketStallAfter(read.orElse(path + ".socket-stall-after", read::positiveDuration, defaults.socketStallAfter()))
                .withBackfill(read.orElse(path + ".blocks-per-poll", key -> atLeastOne(read, key), defaults.maxBlocksPerPoll()),
                        read.orElse(path + ".batch-size", key -> atLeastOne(read, key), defaults.batchSize()));
    }

    private static int atLeastOne(BallastConfig.Reader read, String key) {
        int value = read.integer(key);
        if (value < 1) {
            read.refuse(key, "must be at least 1, got " + value);
            return 1;
        }
        return value;
    }

    /** The chain's facts: the catalogue's, with the config's overrides; all from the config for a chain the catalogue lacks. */
    private static Chain chain(BallastConfig.Reader read, String path, String name, Chain known) {
        if (known == null) {
            List<String> missing = FACTS_OF_A_NEW_CHAIN.stream().filter(key -> !read.has(path + "." + key)).toList();
            if (!missing.isEmpty()) {
                read.refuse(path, "not a chain Ballast knows: give its " + String.join(", ", missing));
                return null;
            }
        }
        long chainId = read.has(path + ".chain-id") ? read.longValue(path + ".chain-id") : known.chainId();
        ChainKind kind = known == null ? null : known.kind();
        if (read.has(path + ".kind")) {
            try {
                kind = ChainKind.fromLabel(read.string(path + ".kind"));
            } catch (IllegalArgumentException e) {
                read.refuse(path + ".kind", e.getMessage());
                return null;
            }
        }
        long blockTime = read.has(path + ".block-time") ? read.positiveDuration(path + ".block-time").toMillis() : known.blockTimeMillis();
        long challenge = read.has(path + ".challenge-window") ? read.duration(path + ".challenge-window").toSeconds()
                : known == null ? 0 : known.challengeWindowSeconds();
        Finality finality = finality(read, path, known == null ? null : known.finality());
        if (finality == null || blockTime <= 0) {
            return null;
        }
        return new Chain(name, chainId, kind, blockTime, finality, challenge);
    }

    private static Finality finality(BallastConfig.Reader read, String path, Finality known) {
        String mode = read.has(path + ".finality") ? read.string(path + ".finality") : known.mode() == Finality.Mode.TAGS ? "tags" : "depth";
        if (mode.equals("tags")) {
            return Finality.tags();
        }
        if (!mode.equals("depth")) {
            read.refuse(path + ".finality", "must be tags (the node's safe/finalized tags) or depth (confirmations), got '" + mode + "'");
            return null;
        }
        int safe = read.has(path + ".safe-depth") ? read.integer(path + ".safe-depth") : known != null && known.mode() == Finality.Mode.DEPTH ? known.safeDepth() : -1;
        int finalized = read.has(path + ".finalized-depth") ? read.integer(path + ".finalized-depth")
                : known != null && known.mode() == Finality.Mode.DEPTH ? known.finalizedDepth() : -1;
        if (safe < 0 || finalized < safe) {
            read.refuse(path + ".finality", "depth finality needs safe-depth and finalized-depth with 0 <= safe-depth <= finalized-depth");
            return null;
        }
        return Finality.depth(safe, finalized);
    }

    /** {@code tokens { USDC = "0x..." }} (or a list): the asset's contracts on this chain, replacing the catalogue's. */
    private static void tokens(BallastConfig.Reader read, String path, String chain, Catalogue base, Catalogue.Builder effective) {
        if (!read.has(path + ".tokens")) {
            return;
        }
        read.section(path + ".tokens").forEach((asset, value) -> {
            String key = path + ".tokens." + ConfigUtil.quoteString(asset);
            if (base.asset(asset).isEmpty()) {
                read.refuse(key, "unknown asset " + asset);
                return;
            }
            List<String> contracts = read.oneOrMore(key);
            if (contracts.isEmpty() || contracts.stream().anyMatch(token -> !token.equals(Catalogue.NATIVE) && !ADDRESS.matcher(token).matches())) {
                read.refuse(key, "needs token contract addresses (0x and 40 hex digits) or native, got " + contracts);
                return;
            }
            effective.tokens(chain, asset, contracts);
        });
    }
}
