package io.ballast.engine.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Snapshot files {@code snapshot-<inputSeq>.snap} in one directory. Layout: magic {@code BLSTSNAP},
 * u32 version, i64 input seq, i64 journal index, u32 state length, state bytes, u32 CRC32C of all
 * that precedes it. A file is written under a temporary name and moved into place, so a crash never
 * leaves a half-written snapshot under a real name; one that fails its CRC anyway is skipped.
 */
public final class SnapshotStore {

    private static final long MAGIC = 0x424c5354534e4150L; // "BLSTSNAP"
    private static final int VERSION = 1;
    private static final int HEADER = 8 + 4 + 8 + 8 + 4;

    private final Path dir;
    private final int keep;

    /** @param keep how many snapshots to keep (the newest) */
    public SnapshotStore(Path dir, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one snapshot");
        }
        this.dir = dir;
        this.keep = keep;
    }

    public void write(Snapshot snapshot) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + snapshot.state().length + 4);
        buffer.putLong(MAGIC).putInt(VERSION).putLong(snapshot.inputSeq()).putLong(snapshot.journalIndex())
                .putInt(snapshot.state().length).put(snapshot.state());
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(String.format("snapshot-%020d.snap", snapshot.inputSeq()));
            Path temporary = dir.resolve(target.getFileName() + ".tmp");
            Files.write(temporary, buffer.array());
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            List<Path> all = list();
            for (int i = keep; i < all.size(); i++) {
                Files.deleteIfExists(all.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot in " + dir, e);
        }
    }

    /** The newest snapshot that passes its checks; each one skipped is reported with the reason. */
    public Optional<Snapshot> loadNewest(Consumer<String> skipped) {
        for (Path file : list()) {
            try {
                return Optional.of(read(file));
            } catch (IOException | IllegalStateException e) {
                skipped.accept(file + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Snapshot read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER + 4) {
            throw new IllegalStateException("truncated (" + bytes.length + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getLong() != MAGIC) {
            throw new IllegalStateException("not a snapshot file");
        }
        int version = buffer.getInt();
        if (version != VERSION) {
            throw new IllegalStateException("snapshot version " + version + " is not supported");
        }
        long inputSeq = buffer.getLong();
        long journalIndex = buffer.getLong();
        int length = buffer.getInt();
        if (length < 0 || HEADER + length + 4 != bytes.length) {
            throw new IllegalStateException("length " + length + " does not match the file size " + bytes.length);
        }
        byte[] state = new byte[length];
        buffer.get(state);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER + length);
        if (buffer.getInt() != (int) crc.getValue()) {
            throw new IllegalStateException("checksum mismatch");
        }
        return new Snapshot(inputSeq, journalIndex, state);
    }

    /** Snapshot files, newest first. */
    private List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> snapshots = new ArrayList<>(files
                    .filter(f -> f.getFileName().toString().matches("snapshot-\\d{20}\\.snap"))
                    .toList());
            snapshots.sort(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed());
            return snapshots;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshots in " + dir, e);
        }
    }
}
