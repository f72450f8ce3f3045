package io.ballast.engine.decision;

import static io.ballast.engine.codec.BinaryFields.readBigInteger;
import static io.ballast.engine.codec.BinaryFields.readMap;
import static io.ballast.engine.codec.BinaryFields.readString;
import static io.ballast.engine.codec.BinaryFields.writeBigInteger;
import static io.ballast.engine.codec.BinaryFields.writeMap;
import static io.ballast.engine.codec.BinaryFields.writeString;

import io.ballast.engine.codec.BinaryFields;
import io.ballast.engine.codec.RecordWriter;
import net.openhft.chronicle.bytes.BytesIn;

/** Binary journal form of a decision: a type byte, then the record's fields. Type bytes never change. */
public final class DecisionBinary {

    static final byte ALERT = 1;
    static final byte REBALANCE = 2;
    static final byte LIQUIDATION = 3;

    private DecisionBinary() {
    }

    public static void write(RecordWriter out, Decision decision) {
        if (decision instanceof Alert a) {
            out.writeByte(ALERT);
            writeString(out, a.id());
            writeString(out, a.rule());
            out.writeByte((byte) a.severity().ordinal());
            out.writeByte((byte) a.state().ordinal());
            writeString(out, a.scope().kind());
            writeMap(out, a.scope().fields(), BinaryFields::writeString);
            out.writeDouble(a.value());
            out.writeDouble(a.threshold());
            out.writeStopBit(a.journalSeq());
            out.writeStopBit(a.eventTime());
            writeString(out, a.message());
        } else if (decision instanceof RebalanceOrder r) {
            out.writeByte(REBALANCE);
            writeString(out, r.id());
            writeString(out, r.asset());
            writeString(out, r.fromChain());
            writeString(out, r.toChain());
            writeBigInteger(out, r.amount());
            writeString(out, r.reason());
            out.writeStopBit(r.journalSeq());
        } else if (decision instanceof LiquidationOrder l) {
            out.writeByte(LIQUIDATION);
            writeString(out, l.id());
            writeString(out, l.position());
            writeString(out, l.asset());
            writeBigInteger(out, l.amount());
            writeString(out, l.reason());
            out.writeStopBit(l.journalSeq());
        }
    }

    public static Decision read(BytesIn<?> in) {
        byte type = in.readByte();
        switch (type) {
            case ALERT:
                return new Alert(readString(in), readString(in), Severity.values()[in.readByte()],
                        Alert.State.values()[in.readByte()], new Scope(readString(in), readMap(in, BinaryFields::readString)),
                        in.readDouble(), in.readDouble(), in.readStopBit(), in.readStopBit(), readString(in));
            case REBALANCE:
                return new RebalanceOrder(readString(in), readString(in), readString(in), readString(in), readBigInteger(in),
                        readString(in), in.readStopBit());
            case LIQUIDATION:
                return new LiquidationOrder(readString(in), readString(in), readString(in), readBigInteger(in),
                        readString(in), in.readStopBit());
            default:
                throw new IllegalStateException("corrupt record: unknown decision type " + type);
        }
    }
}
