package io.ballast.connectors.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The last decision Kafka acknowledged, in a 24-byte file: decision sequence, journal index, and a CRC of
 * both. It is rewritten in place after each acknowledgement, without a sync: the operating system keeps
 * it across a crash of the process. A file that is torn or damaged reads as "nothing acknowledged", so
 * the outbox sends everything again rather than skip anything (consumers drop repeats by id).
 */
final class OutboxCursor implements AutoCloseable {

    /** Sequence and journal index of the last acknowledged decision; {@code NONE} before the first. */
    record Position(long seq, long index) {
        static final Position NONE = new Position(0, -1);
    }

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(24);
    private final CRC32 crc = new CRC32();
    private Position position;

    OutboxCursor(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            position = read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the outbox cursor " + file, e);
        }
    }

    Position position() {
        return position;
    }

    void save(Position next) {
        buffer.clear();
        buffer.putLong(next.seq()).putLong(next.index());
        buffer.putLong(crcOfFirst16()).flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer, buffer.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outbox cursor", e);
        }
        position = next;
    }

    private Position read() throws IOException {
        buffer.clear();
        int bytes;
        do {
            bytes = channel.read(buffer, buffer.position());
        } while (bytes > 0 && buffer.hasRemaining());
        if (buffer.hasRemaining()) {
            return Position.NONE;
        }
        Position read = new Position(buffer.getLong(0), buffer.getLong(8));
        return buffer.getLong(16) == crcOfFirst16() ? read : Position.NONE;
    }

    /** CRC of the buffer's sequence and index (its first 16 bytes), whatever its position. */
    private long crcOfFirst16() {
        crc.reset();
        crc.update(buffer.array(), 0, 16);
        return crc.getValue();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
