package io.ballast.ops.config;

import java.util.List;

/** A config that cannot be run: every problem found, each with its key, where it was set and why. */
public final class ConfigProblem extends RuntimeException {

    private final List<String> problems;

    public ConfigProblem(List<String> problems) {
        super("bad config:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
