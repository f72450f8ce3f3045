package io.ballast.ops.live;

import io.ballast.connectors.kafka.ActionMode;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What happens to orders right now: the action mode (monitor-only by default) and the kill switch,
 * changed over HTTP with the token. An order is an action only in publish mode with the switch off;
 * otherwise it is a proposal, shown and published for people, executed by no one.
 */
public final class ActionControl {

    public record Setting(ActionMode mode, boolean killSwitch) {
        public boolean ordersAct() {
            return mode == ActionMode.PUBLISH && !killSwitch;
        }
    }

    private final AtomicReference<Setting> setting;

    public ActionControl(ActionMode mode, boolean killSwitch) {
        this.setting = new AtomicReference<>(new Setting(mode, killSwitch));
    }

    public Setting setting() {
        return setting.get();
    }

    public Setting mode(ActionMode mode) {
        return setting.updateAndGet(current -> new Setting(mode, current.killSwitch()));
    }

    public Setting killSwitch(boolean on) {
        return setting.updateAndGet(current -> new Setting(current.mode(), on));
    }

    /** Where a decision goes now: {@code alert}, {@code action} or {@code proposal}. */
    public String route(Decision decision) {
        if (decision instanceof Alert) {
            return "alert";
        }
        return setting().ordersAct() ? "action" : "proposal";
    }
}
