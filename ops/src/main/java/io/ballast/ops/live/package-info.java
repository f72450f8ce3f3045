/**
 * The running engine as people see it: {@link io.ballast.ops.live.Picture}s of the state taken by
 * {@link io.ballast.ops.live.LiveView}, the decisions as lines ({@link io.ballast.ops.live.DecisionLog}),
 * and the action mode and kill switch ({@link io.ballast.ops.live.ActionControl}).
 */
package io.ballast.ops.live;
