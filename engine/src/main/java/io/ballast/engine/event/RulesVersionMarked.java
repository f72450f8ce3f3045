package io.ballast.engine.event;

import java.util.SortedMap;

/**
 * A rule set was proposed (loaded at start, hot-reloaded, submitted). The full text of every rule
 * file is journalled, so a replay applies the rules that were in force at each point; whether it
 * goes into force is decided by the rules module (a valid set is adopted, an invalid one is rejected
 * with an alert and the rules before it stay).
 *
 * @param files file name to file content
 */
public record RulesVersionMarked(String version, SortedMap<String, String> files) implements Event {
}
