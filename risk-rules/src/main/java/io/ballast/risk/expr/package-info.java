/**
 * Rule expressions: the typed variables each scope exposes to CEL, and compilation of {@code when}
 * and {@code clear-when} conditions against them — type-checked by CEL, then lowered to plain Java
 * over variable slots wherever CEL's meaning on doubles is Java's, else run by the CEL interpreter.
 */
package io.ballast.risk.expr;
