/**
 * What the engine decides: alerts, rebalance orders and liquidation orders (DESIGN §6), with
 * deterministic ids, their JSON message form and their binary journal form.
 */
package io.ballast.engine.decision;
