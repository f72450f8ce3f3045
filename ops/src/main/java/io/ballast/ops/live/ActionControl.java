package io.ballast.ops.live;

import io.ballast.connectors.kafka.ActionMode;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.Decision;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

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
    private final List<Consumer<Setting>> listeners = new CopyOnWriteArrayList<>();

    public ActionControl(ActionMode mode, boolean killSwitch) {
        this.setting = new AtomicReference<>(new Setting(mode, killSwitch));
    }

    public Setting setting() {
        return setting.get();
    }

    public Setting mode(ActionMode mode) {
        return changed(setting.updateAndGet(current -> new Setting(mode, current.killSwitch())));
    }

    public Setting killSwitch(boolean on) {
        return changed(setting.updateAndGet(current -> new Setting(current.mode(), on)));
    }

    /** Hears every change from now on (the outbox routes the orders it publishes by it), starting with the setting now. */
    public void listen(Consumer<Setting> listener) {
        listeners.add(listener);
        listener.accept(setting());
    }

    private Setting changed(Setting now) {
        listeners.forEach(listener -> listener.accept(now));
        return now;
    }

    /** Where a decision goes now: {@code alert}, {@code action} or {@code proposal}. */
    public String route(Decision decision) {
        if (decision instanceof Alert) {
            return "alert";
        }
        return setting().ordersAct() ? "action" : "proposal";
    }
}
