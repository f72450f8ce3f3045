/**
 * The HTTP surface on Pekko HTTP, bound to 127.0.0.1 by default: health, readiness, Prometheus
 * metrics, the JSON API, the live stream and the dashboard; changes only with the bearer token.
 */
package io.ballast.ops.http;
