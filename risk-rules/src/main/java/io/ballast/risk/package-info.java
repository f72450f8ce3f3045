/**
 * Rule files for risk teams (YAML + CEL), their validation, rule evaluation, the rebalance planner,
 * liquidation sizing and back-tests. Arrives with the risk-rules issue; the engine's DecisionMaker is
 * its plug-in point.
 */
package io.ballast.risk;
