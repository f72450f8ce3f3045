package io.ballast.risk.expr;

/**
 * What a compiled expression reads: the variables of one scope instance, by slot. A variable's slot
 * is its position in {@link ScopeVariables#of}; implementations compute a value when it is first read.
 */
@FunctionalInterface
public interface Variables {

    double value(int slot);
}
