package io.ballast.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** The {@code --journal DIR} of the commands that read a journal, checked to be one. */
final class JournalOption {

    @CommandLine.Option(names = "--journal", required = true, paramLabel = "DIR", description = "the journal directory (e.g. data/journal)")
    Path journal;

    Path existing() {
        return existing(journal);
    }

    static Path existing(Path dir) {
        if (!Files.isDirectory(dir.resolve("inputs"))) {
            throw new InputProblem("no journal at " + dir + " (expected " + dir.resolve("inputs") + ")");
        }
        return dir;
    }
}
