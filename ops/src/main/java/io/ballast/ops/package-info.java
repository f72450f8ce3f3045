/**
 * The runnable Ballast: the {@code ballast} command's entry point and the assembly it runs from.
 */
package io.ballast.ops;
