package io.ballast.loadtests;

import static io.ballast.loadtests.BenchmarkArgs.arg;

import io.ballast.engine.Ballast;
import io.ballast.engine.state.StateSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Recovery: a journal of N events of the standard workload (streamed in, never all in memory), then
 * the time from start to ready — recovered and able to take the next input — from the newest
 * snapshot plus the journal tail, and from the journal alone. Both recoveries must reach the state
 * hash the writer closed with.
 *
 * <p>Arguments: {@code --events=N} (default 10,000,000), {@code --out=DIR}.
 */
public final class RecoveryBenchmark {

    private RecoveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long count = Long.parseLong(arg(args, "--events", "10000000"));
        Path out = Path.of(arg(args, "--out", "load-tests/results"));
        Workload workload = Workload.standard(1);
        StateSettings settings = workload.settings();
        Path scratch = Files.createTempDirectory("ballast-recovery");
        try {
            Path data = scratch.resolve("data");
            long writeStart = System.nanoTime();
            String closedWith;
            long inputs;
            try (Ballast ballast = Ballast.builder().dataDirectory(data).settings(settings).snapshotEvery(count / 4).build()) {
                workload.generate(count, ballast::submit);
                closedWith = ballast.stateHash();
                inputs = ballast.query(state -> state.inputSeq());
            } // closing writes the last snapshot
            long writeNanos = System.nanoTime() - writeStart;

            Map<String, Object> results = new LinkedHashMap<>();
            results.put("events", inputs);
            results.put("journalMegabytes", size(data.resolve("journal")) >> 20);
            results.put("writePerSecond", Math.round(inputs * 1e9 / writeNanos));
            results.put("readyFromSnapshotMillis", readyMillis(data, settings, closedWith));
            deleteSnapshots(data.resolve("snapshots"));
            long fromJournal = readyMillis(data, settings, closedWith);
            results.put("readyFromJournalMillis", fromJournal);
            results.put("replayPerSecond", Math.round(inputs * 1000.0 / fromJournal));
            Report.write(out, "recovery-benchmark", results);
        } finally {
            Scratch.delete(scratch);
        }
    }

    private static long readyMillis(Path data, StateSettings settings, String expectedHash) {
        System.gc();
        long start = System.nanoTime();
        try (Ballast ballast = Ballast.builder().dataDirectory(data).settings(settings).snapshotEvery(0).build()) {
            long ready = System.nanoTime() - start;
            if (!ballast.stateHash().equals(expectedHash)) {
                throw new IllegalStateException("recovery did not reach the state the writer closed with");
            }
            return ready / 1_000_000;
        }
    }

    private static void deleteSnapshots(Path snapshots) throws IOException {
        if (Files.isDirectory(snapshots)) {
            Scratch.delete(snapshots);
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
