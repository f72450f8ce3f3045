package io.ballast.engine;

import io.ballast.engine.state.StateSettings;
import java.util.Map;
import java.util.TreeMap;

/** Settings shared by the tests that run {@link RandomStream}s: its accounts tracked, pending never timing out. */
final class ReplayPropertyTestSettings {

    static final StateSettings SETTINGS = StateSettings.defaults()
            .withTrackedAccounts(accounts())
            .withPendingTimeoutSeconds(1_000_000_000L);

    private ReplayPropertyTestSettings() {
    }

    private static Map<String, String> accounts() {
        Map<String, String> accounts = new TreeMap<>();
        RandomStream.ACCOUNTS.forEach(account -> accounts.put(account, "desk"));
        return accounts;
    }
}
