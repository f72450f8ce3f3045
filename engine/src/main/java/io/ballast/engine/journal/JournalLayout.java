package io.ballast.engine.journal;

import io.ballast.engine.codec.BinaryFields;
import io.ballast.engine.codec.EventBinary;
import io.ballast.engine.codec.RecordWriter;
import io.ballast.engine.decision.Decision;
import io.ballast.engine.decision.DecisionBinary;
import io.ballast.engine.event.Event;
import net.openhft.chronicle.bytes.BytesIn;

/**
 * The binary layout of journal records, version {@value #VERSION}. Every Chronicle document is one record:
 *
 * <pre>
 * input record (queue "inputs")               decision record (queue "decisions")
 *   u8      layout version = 1                  u8      layout version = 1
 *   u8      kind = 1 (INPUT)                    u8      kind = 2 (DECISION)
 *   stopbit seq        (1, 2, 3 ... no gaps)    stopbit seq        (1, 2, 3 ... no gaps)
 *   string  source     ("" when none)           ...     decision   ({@link DecisionBinary})
 *   stopbit source position (-1 when none)
 *   ...     event      ({@link EventBinary})
 * </pre>
 *
 * A reader refuses a version it does not know rather than guess.
 */
public final class JournalLayout {

    public static final byte VERSION = 1;
    static final byte INPUT = 1;
    static final byte DECISION = 2;

    private JournalLayout() {
    }

    static void writeInput(RecordWriter out, long seq, String source, long sourcePosition, Event event) {
        out.writeByte(VERSION);
        out.writeByte(INPUT);
        out.writeStopBit(seq);
        BinaryFields.writeString(out, source);
        out.writeStopBit(sourcePosition);
        EventBinary.write(out, event);
    }

    static JournalInput readInput(long index, BytesIn<?> in) {
        expect(in, INPUT, index);
        long seq = in.readStopBit();
        String source = BinaryFields.readString(in);
        long sourcePosition = in.readStopBit();
        return new JournalInput(index, seq, source, sourcePosition, EventBinary.read(in));
    }

    static void writeDecision(RecordWriter out, long seq, Decision decision) {
        out.writeByte(VERSION);
        out.writeByte(DECISION);
        out.writeStopBit(seq);
        DecisionBinary.write(out, decision);
    }

    static JournalDecision readDecision(long index, BytesIn<?> in) {
        expect(in, DECISION, index);
        return new JournalDecision(index, in.readStopBit(), DecisionBinary.read(in));
    }

    private static void expect(BytesIn<?> in, byte kind, long index) {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("journal record at index " + Long.toHexString(index) + " has layout version "
                    + version + "; this build reads version " + VERSION);
        }
        byte actual = in.readByte();
        if (actual != kind) {
            throw new IllegalStateException("journal record at index " + Long.toHexString(index) + " is of kind " + actual
                    + ", expected " + kind);
        }
    }
}
