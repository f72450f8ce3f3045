package io.ballast.actors;

import io.ballast.engine.state.TierAmounts;
import java.math.BigInteger;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One asset's exposure across all chains, by finality tier, as of the engine's last input that moved
 * it: the view the engine actor keeps current and anyone may ask without touching the engine.
 */
public final class AssetActor {

    /** What an asset actor understands. */
    public sealed interface Command permits HoldingsChanged, GetExposure {
    }

    /** The asset's holdings by chain after input {@code asOfSeq}. */
    public record HoldingsChanged(String asset, SortedMap<String, TierAmounts> byChain, long asOfSeq) implements Command, BallastMessage {
    }

    public record GetExposure(ActorRef<AssetExposure> replyTo) implements Command, BallastMessage {
    }

    /** The asset by chain and in total (base units by tier), as of input {@code asOfSeq}. */
    public record AssetExposure(String asset, SortedMap<String, TierAmounts> byChain, TierAmounts total, long asOfSeq)
            implements BallastMessage {

        /** Confirmed base units over every chain. */
        public BigInteger confirmed() {
            return total.confirmed();
        }
    }

    private AssetActor() {
    }

    public static Behavior<Command> create(String asset) {
        return view(new AssetExposure(asset, new TreeMap<>(), TierAmounts.ZERO, 0));
    }

    private static Behavior<Command> view(AssetExposure exposure) {
        return Behaviors.receive(Command.class)
                .onMessage(HoldingsChanged.class, changed -> {
                    TierAmounts total = TierAmounts.ZERO;
                    for (TierAmounts tiers : changed.byChain().values()) {
                        total = total.plus(tiers);
                    }
                    return view(new AssetExposure(changed.asset(), changed.byChain(), total, changed.asOfSeq()));
                })
                .onMessage(GetExposure.class, get -> {
                    get.replyTo().tell(exposure);
                    return Behaviors.same();
                })
                .build();
    }
}
