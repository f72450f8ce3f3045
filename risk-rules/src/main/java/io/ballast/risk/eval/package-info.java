/**
 * Rule evaluation. {@link io.ballast.risk.eval.Figures} computes the variables of every scope from the
 * exposure state as doubles, in one figure object per place (asset, asset on a chain, group, chain,
 * portfolio, position), each value at most once per input and only when read. The
 * {@link io.ballast.risk.eval.RuleEngine} visits the rules an input can have moved and turns their
 * outcomes into alerts with a life cycle (firing once, resolved once); the rebalance planner and the
 * liquidation sizer size orders exactly. The rule set in force is the last one journalled.
 */
package io.ballast.risk.eval;
