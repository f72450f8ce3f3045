package io.ballast.actors;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The actors' tunables, read from the {@code ballast.actors} section of the config (every key and its
 * default are in this module's {@code reference.conf}).
 */
public record ActorSettings(int stallAfterBlockTimes, int stallCheckBlockTimes, int maxHeldEvents, int feedBuffer,
                            int feedParallelism, int maxInFlight, Duration resendAfter, int mailboxCapacity) {

    /** Config path of the dispatcher the pipeline's actors and feeds run on. */
    public static final String DISPATCHER = "ballast.actors.dispatcher";

    public ActorSettings {
        if (stallAfterBlockTimes < 1 || stallCheckBlockTimes < 1 || maxHeldEvents < 1 || feedBuffer < 1 || feedParallelism < 1
                || maxInFlight < 1 || resendAfter.isNegative() || resendAfter.isZero()) {
            throw new IllegalArgumentException("ballast.actors: every count must be positive and resend-after longer than zero");
        }
        if (feedParallelism + maxInFlight + 8 > mailboxCapacity) {
            throw new IllegalArgumentException("ballast.actors.mailbox-capacity " + mailboxCapacity
                    + " cannot hold a chain actor's feed-parallelism + max-in-flight (" + (feedParallelism + maxInFlight) + ")");
        }
    }

    /** How many chains the engine's mailbox has room for, a quarter kept for queries. */
    public int maxChains() {
        return mailboxCapacity * 3 / 4 / maxInFlight;
    }

    public static ActorSettings from(Config config) {
        Config actors = config.getConfig("ballast.actors");
        return new ActorSettings(actors.getInt("stall-after-block-times"), actors.getInt("stall-check-block-times"),
                actors.getInt("max-held-events"), actors.getInt("feed-buffer"), actors.getInt("feed-parallelism"),
                actors.getInt("max-in-flight"), actors.getDuration("resend-after"), actors.getInt("mailbox-capacity"));
    }
}
