/**
 * Rule files: the YAML the risk team writes (DESIGN §4), parsed into an immutable
 * {@link io.ballast.risk.file.RuleSet} and validated with every error located as
 * {@code file:line:col: message}, all errors of a file at once.
 */
package io.ballast.risk.file;
