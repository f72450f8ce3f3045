package io.ballast.actors;

import java.math.BigDecimal;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The whole book in USD by finality tier, what is in flight and owed, and the positions held: the
 * view the engine actor refreshes (at most every 200 ms, and whenever it is asked) for dashboards
 * and operators.
 */
public final class PortfolioActor {

    /** What the portfolio actor understands. */
    public sealed interface Command permits PortfolioChanged, GetPortfolio {
    }

    /** USD figures after input {@code asOfSeq}; assets without a fresh price are listed, never guessed. */
    public record PortfolioChanged(BigDecimal pendingUsd, BigDecimal unsafeUsd, BigDecimal safeUsd, BigDecimal finalizedUsd,
                                   BigDecimal inFlightUsd, BigDecimal liabilitiesUsd, List<String> unpriced, int positions,
                                   long asOfSeq) implements Command, BallastMessage {
    }

    public record GetPortfolio(ActorRef<PortfolioChanged> replyTo) implements Command, BallastMessage {
    }

    private PortfolioActor() {
    }

    public static Behavior<Command> create() {
        return view(new PortfolioChanged(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, List.of(), 0, 0));
    }

    private static Behavior<Command> view(PortfolioChanged latest) {
        return Behaviors.receive(Command.class)
                .onMessage(PortfolioChanged.class, PortfolioActor::view)
                .onMessage(GetPortfolio.class, get -> {
                    get.replyTo().tell(latest);
                    return Behaviors.same();
                })
                .build();
    }
}
