/**
 * Ballast as a service ({@link io.ballast.ops.run.BallastService}): the actor pipeline, its sources,
 * the watched rules, console, HTTP and metrics started together and stopped in order.
 */
package io.ballast.ops.run;
