package io.ballast.actors.cluster;

import io.ballast.engine.snapshot.Snapshot;
import java.nio.ByteBuffer;

/**
 * The snapshot a partition publishes for its next owner, version {@value #VERSION}:
 *
 * <pre>
 *   u8     layout version = 1
 *   i64    input seq of the partition's engine
 *   bytes  state ({@link io.ballast.engine.state.StateCodec}, versioned itself; holds the log offset taken last)
 * </pre>
 */
public final class PartitionSnapshot {

    static final byte VERSION = 1;

    private PartitionSnapshot() {
    }

    public static byte[] encode(long inputSeq, byte[] state) {
        return ByteBuffer.allocate(1 + Long.BYTES + state.length).put(VERSION).putLong(inputSeq).put(state).array();
    }

    /** The snapshot to seed a fresh engine with: no journal of its own precedes it. */
    public static Snapshot decode(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalStateException("partition snapshot has layout version " + version + "; this build reads version " + VERSION);
        }
        long inputSeq = in.getLong();
        byte[] state = new byte[in.remaining()];
        in.get(state);
        return new Snapshot(inputSeq, -1, state);
    }
}
