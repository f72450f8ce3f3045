package io.ballast.actors;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The actors' tunables, read from the {@code ballast.actors} section of the config (every key and its
 * default are in this module's {@code reference.conf}).
 */
public record ActorSettings(int stallAfterBlockTimes, int stallCheckBlockTimes, int maxHeldEvents, int feedBuffer,
                            Duration resendAfter, int mailboxCapacity) {

    public ActorSettings {
        if (stallAfterBlockTimes < 1 || stallCheckBlockTimes < 1 || maxHeldEvents < 1 || feedBuffer < 1 || mailboxCapacity < 16
                || resendAfter.isNegative() || resendAfter.isZero()) {
            throw new IllegalArgumentException("ballast.actors: every count must be positive (mailbox-capacity at least 16) and "
                    + "resend-after longer than zero");
        }
    }

    public static ActorSettings from(Config config) {
        Config actors = config.getConfig("ballast.actors");
        return new ActorSettings(actors.getInt("stall-after-block-times"), actors.getInt("stall-check-block-times"),
                actors.getInt("max-held-events"), actors.getInt("feed-buffer"), actors.getDuration("resend-after"),
                actors.getInt("mailbox-capacity"));
    }
}
