package io.ballast.risk.expr;

/** A variable a rule expression can read: a CEL double in whole tokens, USD, seconds, blocks or a fraction. */
public record Variable(String name, String unit, String meaning) {
}
