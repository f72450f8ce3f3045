package io.ballast.engine.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The chains and assets Ballast knows, and which token contract on which chain is which asset.
 * Immutable; {@link #builder(Catalogue)} extends or overrides a catalogue (config does this).
 *
 * <p>A token is a lower-case contract address, or {@link #NATIVE} for the chain's own coin.
 */
public final class Catalogue {

    /** Token key of a chain's native coin. */
    public static final String NATIVE = "native";

    private final Map<String, Chain> chains;
    private final Map<String, Asset> assets;
    /** chain -> token -> asset symbol. */
    private final Map<String, Map<String, String>> assetByToken;
    /** chain -> asset symbol -> its token contracts in address order: every event resolves its token here. */
    private final Map<String, Map<String, List<String>>> tokensByAsset;

    private Catalogue(Builder builder) {
        this.chains = sortedForLookup(builder.chains);
        this.assets = sortedForLookup(builder.assets);
        Map<String, Map<String, String>> tokens = new HashMap<>();
        builder.assetByToken.forEach((chain, byToken) -> tokens.put(chain, sortedForLookup(byToken)));
        this.assetByToken = Collections.unmodifiableMap(tokens);
        Map<String, Map<String, List<String>>> byAsset = new HashMap<>();
        tokens.forEach((chain, byToken) -> {
            Map<String, List<String>> onChain = new HashMap<>();
            byToken.forEach((token, symbol) -> onChain.computeIfAbsent(symbol, s -> new ArrayList<>()).add(token));
            onChain.replaceAll((symbol, contracts) -> List.copyOf(contracts));
            byAsset.put(chain, onChain);
        });
        this.tokensByAsset = byAsset;
    }

    /**
     * Every event looks its chain, asset and token up here: hashed lookups (a 42-character address
     * compared along a tree took ~8% of a submit), iterated in key order.
     */
    private static <V> Map<String, V> sortedForLookup(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(map)));
    }

    /** The well-known chains and assets (see {@link DefaultCatalogue}). */
    public static Catalogue defaults() {
        return DefaultCatalogue.INSTANCE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder builder(Catalogue base) {
        Builder builder = new Builder();
        builder.chains.putAll(base.chains);
        builder.assets.putAll(base.assets);
        base.assetByToken.forEach((chain, byToken) -> builder.assetByToken.put(chain, new TreeMap<>(byToken)));
        return builder;
    }

    public Optional<Chain> chain(String name) {
        return Optional.ofNullable(chains.get(name));
    }

    public Optional<Asset> asset(String symbol) {
        return Optional.ofNullable(assets.get(symbol));
    }

    public Collection<Chain> chains() {
        return chains.values();
    }

    public Collection<Asset> assets() {
        return assets.values();
    }

    /** The asset a token contract on a chain stands for. */
    public Optional<String> assetOfToken(String chain, String token) {
        return Optional.ofNullable(assetOfTokenOrNull(chain, token));
    }

    /** Whether {@code token} is a known contract of {@code asset} on {@code chain}: the validator's question for every transfer. */
    public boolean isTokenOf(String chain, String token, String asset) {
        return asset.equals(assetOfTokenOrNull(chain, token));
    }

    private String assetOfTokenOrNull(String chain, String token) {
        Map<String, String> byToken = assetByToken.get(chain);
        if (byToken == null) {
            return null;
        }
        String asset = byToken.get(token); // tokens mostly come normalized already: no lower-casing pass over the address
        return asset != null ? asset : byToken.get(normalizeToken(token));
    }

    /** Every token contract known on a chain (lower-case address, or {@link #NATIVE}) and its asset, in address order. */
    public SortedMap<String, String> tokensOn(String chain) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(assetByToken.getOrDefault(chain, Map.of())));
    }

    /** The token contracts of an asset on a chain, in address order. */
    public List<String> tokensOf(String asset, String chain) {
        return tokensByAsset.getOrDefault(chain, Map.of()).getOrDefault(asset, List.of());
    }

    /**
     * Decides which token contract an event means. With a token given, it must be one of the asset's
     * contracts on that chain; without one, the asset must have exactly one contract there.
     *
     * @throws IllegalArgumentException saying why the pair does not resolve
     */
    public String resolveToken(String chain, String asset, String token) {
        if (token != null) {
            String normalized = normalizeToken(token);
            String mapped = assetOfToken(chain, normalized).orElseThrow(() ->
                    new IllegalArgumentException("token " + normalized + " is not known on chain " + chain));
            if (asset != null && !mapped.equals(asset)) {
                throw new IllegalArgumentException("token " + normalized + " on " + chain + " is " + mapped + ", not " + asset);
            }
            return normalized;
        }
        List<String> tokens = tokensOf(asset, chain);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("asset " + asset + " has no token on chain " + chain);
        }
        if (tokens.size() > 1) {
            throw new IllegalArgumentException("asset " + asset + " has " + tokens.size() + " tokens on chain " + chain
                    + " " + tokens + "; name the token");
        }
        return tokens.get(0);
    }

    static String normalizeToken(String token) {
        return token.toLowerCase(Locale.ROOT);
    }

    /** Mutable staging area for a catalogue. */
    public static final class Builder {
        private final Map<String, Chain> chains = new TreeMap<>();
        private final Map<String, Asset> assets = new TreeMap<>();
        private final Map<String, Map<String, String>> assetByToken = new TreeMap<>();

        private Builder() {
        }

        public Builder chain(Chain chain) {
            chains.put(chain.name(), chain);
            return this;
        }

        public Builder asset(Asset asset) {
            assets.put(asset.symbol(), asset);
            return this;
        }

        /** Maps a token contract on a chain to an asset, replacing any earlier mapping of that contract. */
        public Builder token(String chain, String token, String asset) {
            assetByToken.computeIfAbsent(chain, c -> new TreeMap<>()).put(normalizeToken(token), asset);
            return this;
        }

        /** Makes {@code tokens} the asset's only contracts on a chain (config pointing an asset at other contracts). */
        public Builder tokens(String chain, String asset, List<String> tokens) {
            Map<String, String> byToken = assetByToken.computeIfAbsent(chain, c -> new TreeMap<>());
            byToken.values().removeIf(asset::equals);
            tokens.forEach(token -> byToken.put(normalizeToken(token), asset));
            return this;
        }

        /** Keeps only these assets' contracts on a chain (a source that reads only some of the assets there). */
        public Builder onlyAssets(String chain, Collection<String> kept) {
            assetByToken.computeIfAbsent(chain, c -> new TreeMap<>()).values().removeIf(asset -> !kept.contains(asset));
            return this;
        }

        public Catalogue build() {
            assetByToken.forEach((chain, byToken) -> {
                if (!chains.containsKey(chain)) {
                    throw new IllegalArgumentException("token mapping names unknown chain " + chain);
                }
                byToken.forEach((token, asset) -> {
                    if (!assets.containsKey(asset)) {
                        throw new IllegalArgumentException("token " + token + " on " + chain + " maps to unknown asset " + asset);
                    }
                });
            });
            return new Catalogue(this);
        }
    }
}
