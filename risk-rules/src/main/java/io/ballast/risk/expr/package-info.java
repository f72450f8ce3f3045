/**
 * Rule expressions: the typed variables each scope exposes to CEL, and compilation of {@code when}
 * and {@code clear-when} conditions against them.
 */
package io.ballast.risk.expr;
