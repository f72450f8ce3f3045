/**
 * Rule evaluation: the variables of every scope computed from the exposure state, and the
 * {@link io.ballast.risk.eval.RuleEngine} that turns rule outcomes into alerts with a life cycle
 * (firing once, resolved once). The rule set in force is the last one journalled.
 */
package io.ballast.risk.eval;
