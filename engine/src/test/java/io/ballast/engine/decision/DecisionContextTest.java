package io.ballast.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionContextTest {

    @Test
    void anIdDependsOnTheInputTheSubjectAndHowManyDecisionsAboutThatSubjectCameBefore() {
        DecisionContext one = new DecisionContext(42, List.of());
        String firstAboutA = one.nextId("rule-a/asset:USDC");
        String aboutB = one.nextId("rule-b/chain:base");
        String secondAboutA = one.nextId("rule-a/asset:USDC");

        assertEquals(DecisionIds.of(42, 0, "rule-a/asset:USDC"), firstAboutA);
        assertEquals(DecisionIds.of(42, 0, "rule-b/chain:base"), aboutB);
        assertEquals(DecisionIds.of(42, 1, "rule-a/asset:USDC"), secondAboutA);
        assertNotEquals(firstAboutA, secondAboutA);
        assertNotEquals(firstAboutA, new DecisionContext(43, List.of()).nextId("rule-a/asset:USDC"), "another input, another id");
    }

    @Test
    void theDecisionsOfOneInputSplitBetweenTwoDecidersKeepTheIdsOneDeciderGivesThem() {
        DecisionContext together = new DecisionContext(7, List.of());
        List<String> byOne = List.of(together.nextId("a"), together.nextId("b"), together.nextId("a"));

        DecisionContext ownerOfA = new DecisionContext(7, List.of());
        DecisionContext ownerOfB = new DecisionContext(7, List.of());
        String b = ownerOfB.nextId("b");
        List<String> bySubjectOwners = List.of(ownerOfA.nextId("a"), b, ownerOfA.nextId("a"));

        assertEquals(byOne, bySubjectOwners);
    }
}
