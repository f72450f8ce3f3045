package io.ballast.engine.codec;

import static io.ballast.engine.codec.BinaryFields.readBigDecimal;
import static io.ballast.engine.codec.BinaryFields.readBigInteger;
import static io.ballast.engine.codec.BinaryFields.readMap;
import static io.ballast.engine.codec.BinaryFields.readString;
import static io.ballast.engine.codec.BinaryFields.readSymbol;
import static io.ballast.engine.codec.BinaryFields.writeBigDecimal;
import static io.ballast.engine.codec.BinaryFields.writeBigInteger;
import static io.ballast.engine.codec.BinaryFields.writeMap;
import static io.ballast.engine.codec.BinaryFields.writeString;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.BridgeStatus;
import io.ballast.engine.event.BridgeTransferUpdated;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.ChainStalled;
import io.ballast.engine.event.FinalityAdvanced;
import io.ballast.engine.event.ObligationObserved;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Tier;
import java.math.BigInteger;
import net.openhft.chronicle.bytes.BytesIn;

/**
 * Binary form of an event: a type byte followed by the record's fields in declaration order. Longs
 * are stop-bit encoded (so -1 costs two bytes), strings UTF-8, amounts via {@link BinaryFields}.
 * The type bytes are part of the journal layout: never renumber them, only add.
 */
public final class EventBinary {

    static final byte BLOCK = 1;
    static final byte BALANCE = 2;
    static final byte TRANSFER = 3;
    static final byte PENDING = 4;
    static final byte FINALITY = 5;
    static final byte BRIDGE = 6;
    static final byte PRICE = 7;
    static final byte POSITION = 8;
    static final byte OBLIGATION = 9;
    static final byte RULES = 10;
    static final byte STALL = 11;

    private EventBinary() {
    }

    public static void write(RecordWriter out, Event event) {
        if (event instanceof BlockObserved e) {
            out.writeByte(BLOCK);
            writeString(out, e.chain());
            out.writeStopBit(e.number());
            writeString(out, e.hash());
            writeString(out, e.parentHash());
            out.writeStopBit(e.timestamp());
        } else if (event instanceof BalanceObserved e) {
            out.writeByte(BALANCE);
            writeString(out, e.chain());
            writeString(out, e.asset());
            writeString(out, e.token());
            writeString(out, e.account());
            writeBigInteger(out, e.amount());
            out.writeStopBit(e.block());
        } else if (event instanceof TransferObserved e) {
            out.writeByte(TRANSFER);
            writeMovement(out, e.chain(), e.asset(), e.token(), e.from(), e.to(), e.amount(), e.txHash());
            out.writeStopBit(e.logIndex());
            out.writeStopBit(e.block());
        } else if (event instanceof PendingTransferObserved e) {
            out.writeByte(PENDING);
            writeMovement(out, e.chain(), e.asset(), e.token(), e.from(), e.to(), e.amount(), e.txHash());
            out.writeStopBit(e.nonce());
        } else if (event instanceof FinalityAdvanced e) {
            out.writeByte(FINALITY);
            writeString(out, e.chain());
            out.writeByte((byte) e.tier().ordinal());
            out.writeStopBit(e.number());
        } else if (event instanceof ChainStalled e) {
            out.writeByte(STALL);
            writeString(out, e.chain());
            out.writeStopBit(e.timestamp());
        } else if (event instanceof BridgeTransferUpdated e) {
            out.writeByte(BRIDGE);
            writeString(out, e.id());
            writeString(out, e.asset());
            writeString(out, e.fromChain());
            writeString(out, e.toChain());
            writeBigInteger(out, e.amount());
            out.writeByte((byte) e.status().ordinal());
            out.writeStopBit(e.expectedArrivalSeconds());
            out.writeStopBit(e.timestamp());
        } else if (event instanceof PriceObserved e) {
            out.writeByte(PRICE);
            writeString(out, e.asset());
            writeBigDecimal(out, e.usd());
            out.writeStopBit(e.timestamp());
            writeString(out, e.source());
        } else if (event instanceof PositionObserved e) {
            out.writeByte(POSITION);
            writeString(out, e.id());
            writeString(out, e.venue());
            writeMap(out, e.collateral(), BinaryFields::writeBigInteger);
            writeMap(out, e.debt(), BinaryFields::writeBigInteger);
            writeBigDecimal(out, e.liquidationThreshold());
        } else if (event instanceof ObligationObserved e) {
            out.writeByte(OBLIGATION);
            writeString(out, e.id());
            writeString(out, e.asset());
            writeString(out, e.chain());
            writeBigInteger(out, e.amount());
            out.writeBoolean(e.open());
        } else if (event instanceof RulesVersionMarked e) {
            out.writeByte(RULES);
            writeString(out, e.version());
            writeMap(out, e.files(), BinaryFields::writeString);
        } else {
            throw new IllegalArgumentException("no binary form for " + event.getClass().getName());
        }
    }

    /** The fields a confirmed and a pending transfer share, in their shared order. */
    private static void writeMovement(RecordWriter out, String chain, String asset, String token, String from, String to,
                                      BigInteger amount, String txHash) {
        writeString(out, chain);
        writeString(out, asset);
        writeString(out, token);
        writeString(out, from);
        writeString(out, to);
        writeBigInteger(out, amount);
        writeString(out, txHash);
    }

    public static Event read(BytesIn<?> in) {
        byte type = in.readByte();
        switch (type) {
            case BLOCK:
                return new BlockObserved(readSymbol(in), in.readStopBit(), readString(in), readString(in), in.readStopBit());
            case STALL:
                return new ChainStalled(readSymbol(in), in.readStopBit());
            case BALANCE:
                return new BalanceObserved(readSymbol(in), readSymbol(in), readSymbol(in), readSymbol(in), readBigInteger(in),
                        in.readStopBit());
            case TRANSFER:
                return new TransferObserved(readSymbol(in), readSymbol(in), readSymbol(in), readSymbol(in), readSymbol(in),
                        readBigInteger(in), readString(in), in.readStopBit(), in.readStopBit());
            case PENDING:
                return new PendingTransferObserved(readSymbol(in), readSymbol(in), readSymbol(in), readSymbol(in),
                        readSymbol(in), readBigInteger(in), readString(in), in.readStopBit());
            case FINALITY:
                return new FinalityAdvanced(readSymbol(in), Tier.values()[in.readByte()], in.readStopBit());
            case BRIDGE:
                return new BridgeTransferUpdated(readString(in), readString(in), readString(in), readString(in),
                        readBigInteger(in), BridgeStatus.values()[in.readByte()], in.readStopBit(), in.readStopBit());
            case PRICE:
                return new PriceObserved(readString(in), readBigDecimal(in), in.readStopBit(), readString(in));
            case POSITION:
                return new PositionObserved(readString(in), readString(in), readMap(in, BinaryFields::readBigInteger),
                        readMap(in, BinaryFields::readBigInteger), readBigDecimal(in));
            case OBLIGATION:
                return new ObligationObserved(readString(in), readString(in), readString(in), readBigInteger(in),
                        in.readBoolean());
            case RULES:
                return new RulesVersionMarked(readString(in), readMap(in, BinaryFields::readString));
            default:
                throw new IllegalStateException("corrupt record: unknown event type " + type);
        }
    }
}
