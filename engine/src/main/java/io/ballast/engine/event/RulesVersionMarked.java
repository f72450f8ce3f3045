package io.ballast.engine.event;

import java.util.SortedMap;

/**
 * The rule set in force changed. The full text of every rule file is journalled, so a replay applies
 * the rules that were in force at each point.
 *
 * @param files file name to file content
 */
public record RulesVersionMarked(String version, SortedMap<String, String> files) implements Event {
}
