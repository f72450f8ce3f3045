package io.ballast.engine;

import io.ballast.engine.codec.EventFileReader;
import io.ballast.engine.codec.EventJson;
import io.ballast.engine.model.Catalogue;
import java.nio.file.Path;

/**
 * The child process of {@link CrashRecoveryTest}: ingests an event file into a data directory,
 * resuming after the last line the journal already holds, then prints {@code DONE <state hash>}.
 * It prints {@code READY <position>} once recovered and {@code AT <line>} every {@value #PROGRESS_EVERY}
 * lines it submits, so the parent kills it only once it is ingesting, whatever the machine's speed.
 */
public final class CrashIngester {

    static final String SOURCE = "events.jsonl";
    static final int PROGRESS_EVERY = 2_000;

    private CrashIngester() {
    }

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        Path events = Path.of(args[1]);
        try (Ballast ballast = Ballast.builder().dataDirectory(data).settings(ReplayPropertyTestSettings.SETTINGS)
                .snapshotEvery(20_000).build()) {
            long resumeAfter = ballast.sourcePosition(SOURCE);
            System.out.println("READY " + resumeAfter);
            System.out.flush();
            new EventFileReader(new EventJson(Catalogue.defaults())).read(events, (line, event) -> {
                if (line > resumeAfter) {
                    ballast.submit(SOURCE, line, event);
                    if (line % PROGRESS_EVERY == 0) {
                        System.out.println("AT " + line);
                        System.out.flush();
                    }
                }
            }, error -> {
                throw new IllegalStateException(error.toString());
            });
            System.out.println("DONE " + ballast.stateHash());
        }
    }
}
