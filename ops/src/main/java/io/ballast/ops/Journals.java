package io.ballast.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the commands that read a journal check first. */
final class Journals {

    private Journals() {
    }

    static Path existing(Path dir) {
        if (!Files.isDirectory(dir.resolve("inputs"))) {
            throw new InputProblem("no journal at " + dir + " (expected " + dir.resolve("inputs") + ")");
        }
        return dir;
    }
}
