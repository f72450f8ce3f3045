package io.ballast.risk.file;

/**
 * Where a rule applies. A {@code "*"} chain or position means every one; empty fields are unused.
 *
 * @param kind portfolio, asset, chain, asset-chain, group or position
 */
public record RuleScope(Kind kind, String asset, String chain, String group, String position) {

    /** Names are interned: the rule engine compares them on every input with the names the state holds, which are too. */
    public RuleScope {
        asset = asset == null ? null : asset.intern();
        chain = chain == null ? null : chain.intern();
        group = group == null ? null : group.intern();
        position = position == null ? null : position.intern();
    }

    public enum Kind {
        PORTFOLIO("portfolio"),
        ASSET("asset"),
        CHAIN("chain"),
        ASSET_CHAIN("asset-chain"),
        GROUP("group"),
        POSITION("position");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final String EVERY = "*";
}
