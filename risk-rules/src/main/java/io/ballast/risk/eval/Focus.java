package io.ballast.risk.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * What an input can have moved: everything, or only the holdings of some (chain, asset) pairs — a
 * balance, transfer or pending transfer carries no time, so it moves neither the clock nor anything
 * time-based, and rules of other assets, other chains and positions cannot change. Reused from one
 * input to the next.
 */
final class Focus {

    private boolean everything = true;
    private final List<String> chains = new ArrayList<>();
    private final List<String> assets = new ArrayList<>();

    void everything() {
        everything = true;
        chains.clear();
        assets.clear();
    }

    void nothing() {
        everything = false;
        chains.clear();
        assets.clear();
    }

    void add(String chain, String asset) {
        chains.add(chain);
        assets.add(asset);
    }

    /** How many moved holdings the focus names (none when it is everything). */
    int size() {
        return chains.size();
    }

    String chainAt(int index) {
        return chains.get(index);
    }

    String assetAt(int index) {
        return assets.get(index);
    }

    boolean isEverything() {
        return everything;
    }

    /** The one asset every moved holding is of, or null (everything, nothing, or several assets). */
    String onlyAsset() {
        if (everything || assets.isEmpty()) {
            return null;
        }
        String first = assets.get(0);
        for (int i = 1; i < assets.size(); i++) {
            if (!assets.get(i).equals(first)) {
                return null;
            }
        }
        return first;
    }

    boolean asset(String asset) {
        return everything || assets.contains(asset);
    }

    boolean chain(String chain) {
        return everything || chains.contains(chain);
    }
}
