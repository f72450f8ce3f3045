/**
 * Config: HOCON over {@code reference.conf}, which documents every key and its default; a bad
 * config is refused at start with the key, where it was set and the reason.
 */
package io.ballast.ops.config;
