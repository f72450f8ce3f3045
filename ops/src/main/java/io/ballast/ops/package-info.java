/**
 * The runnable Ballast: the {@code ballast} command (picocli; one class per command) and the
 * assembly it runs from. Exit codes: 0 success, 1 the input had errors, 2 usage error.
 */
package io.ballast.ops;
