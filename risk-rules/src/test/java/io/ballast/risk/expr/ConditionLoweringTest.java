package io.ballast.risk.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.risk.file.RuleScope;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lowered conditions mean what CEL means: over random variable values (zeros, negatives,
 * infinities, NaN, huge and tiny numbers), each lowered condition and threshold agrees with the CEL
 * interpreter; and what the lowering does not cover is left to the interpreter rather than guessed.
 */
class ConditionLoweringTest {

    private static final RuleScope.Kind SCOPE = RuleScope.Kind.ASSET_CHAIN;
    private static final List<String> LOWERED = List.of(
            "balance < 1000",
            "balance > 1000.0",
            "balance >= 1000 && share <= 0.4",
            "share > 0.40 || allocation < 0.08",
            "!(allocation >= threshold)",
            "allocation < threshold && target > 0.0",
            "allocation > 3.0 * target && target > 0.0",
            "balance - pending / 2.0 < -effective + in_flight * 0.5",
            "balance / share == effective",
            "balance != 0.0 && usd / balance > 1.01",
            "(share > 0.5 ? balance : effective) > 100.0",
            "share > 0.5 ? balance > 10.0 : pending < -10.0",
            "(balance > 1.0) == (share > 0.5)",
            "(balance > 1.0) != true",
            "double(balance) > 5 && balance <= 9007199254740992",
            "-balance < 5u",
            "true && balance > 0.0");
    private static final List<String> INTERPRETED = List.of(
            "int(balance) % 2 == 0",
            "1 + 2 < balance",
            "balance > 9007199254740993",
            "string(balance).size() > 3",
            "balance in [1.0, 2.0]");
    private static final double[] INTERESTING = {0.0, -0.0, 1.0, -1.0, 0.4, 0.08, 1000.0, 999.999, 1e18, -1e18, 1e-12,
        9007199254740992.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    private final ConditionCompiler compiler = new ConditionCompiler();

    @Test
    void loweredConditionsAgreeWithTheInterpreter() {
        Random random = new Random(42);
        int slots = ScopeVariables.of(SCOPE).size();
        for (String text : LOWERED) {
            ConditionCompiler.Result result = compiler.compile(SCOPE, text);
            assertEquals(List.of(), result.problems(), text);
            CompiledCondition lowered = result.condition();
            CompiledCondition interpreted = compiler.compile(SCOPE, text, false).condition();
            assertTrue(lowered.isLowered(), text + " is lowered");
            assertFalse(interpreted.isLowered());
            for (int trial = 0; trial < 2_000; trial++) {
                double[] values = new double[slots];
                for (int slot = 0; slot < slots; slot++) {
                    values[slot] = random.nextInt(3) == 0 ? INTERESTING[random.nextInt(INTERESTING.length)]
                            : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(8));
                }
                Variables variables = slot -> values[slot];
                assertEquals(interpreted.test(variables), lowered.test(variables), text + " at " + java.util.Arrays.toString(values));
            }
        }
    }

    /**
     * Equality of two variables as CEL has it (0.0 equals -0.0; NaN equals nothing). The CEL
     * interpreter does call {@code x == x} true even for NaN, comparing the boxed value with itself;
     * the lowering does not copy that, and no variable is ever NaN.
     */
    @Test
    void equalityOfZerosAndNaNsIsCels() {
        double[][] pairs = {{0.0, -0.0}, {Double.NaN, Double.NaN}, {Double.NaN, 1.0}, {1.0, 1.0}};
        int balance = ScopeVariables.slot(SCOPE, "balance");
        for (String text : List.of("balance == share", "balance != share")) {
            CompiledCondition lowered = compiler.compile(SCOPE, text).condition();
            CompiledCondition interpreted = compiler.compile(SCOPE, text, false).condition();
            for (double[] pair : pairs) {
                Variables variables = slot -> slot == balance ? pair[0] : pair[1];
                assertEquals(interpreted.test(variables), lowered.test(variables), text + " at " + pair[0] + ", " + pair[1]);
            }
        }
    }

    @Test
    void whatTheLoweringDoesNotCoverRunsOnTheInterpreter() {
        for (String text : INTERPRETED) {
            ConditionCompiler.Result result = compiler.compile(SCOPE, text);
            assertEquals(List.of(), result.problems(), text);
            CompiledCondition condition = result.condition();
            assertFalse(condition.isLowered(), text);
            assertEquals(-1L, condition.reads(), "an interpreted condition may read anything: " + text);
        }
        CompiledCondition parity = compiler.compile(SCOPE, "int(balance) % 2 == 0").condition();
        int balance = ScopeVariables.slot(SCOPE, "balance");
        assertTrue(parity.test(slot -> slot == balance ? 10.0 : 0.0));
        assertFalse(parity.test(slot -> slot == balance ? 11.0 : 0.0));
    }

    @Test
    void aLoweredConditionKnowsWhichVariablesItReads() {
        CompiledCondition condition = compiler.compile(SCOPE, "allocation < threshold && balance > 0.0").condition();
        long expected = 1L << ScopeVariables.slot(SCOPE, "allocation") | 1L << ScopeVariables.slot(SCOPE, "threshold")
                | 1L << ScopeVariables.slot(SCOPE, "balance");
        assertEquals(expected, condition.reads());
    }

    @Test
    void thresholdsAreLoweredToo() {
        CompiledValue value = compiler.compileValue(SCOPE, "3.0 * target + 1.0");
        int target = ScopeVariables.slot(SCOPE, "target");
        assertEquals(1.3, value.value(slot -> slot == target ? 0.1 : 0.0), 1e-15);
        assertEquals(7.0, compiler.compileValue(SCOPE, "7").value(slot -> 0.0));
    }
}
