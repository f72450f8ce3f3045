/**
 * Back-tests: events from a file or a journal run through the engine under a given rule set, the
 * decisions written as JSONL, and the difference between two rule sets on the same events.
 */
package io.ballast.risk.backtest;
