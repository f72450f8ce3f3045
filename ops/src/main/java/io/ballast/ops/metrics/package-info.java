/**
 * Prometheus metrics (Micrometer) with latencies from HdrHistogram: what {@code /metrics} serves.
 */
package io.ballast.ops.metrics;
