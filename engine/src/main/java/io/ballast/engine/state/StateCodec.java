package io.ballast.engine.state;

import static io.ballast.engine.codec.BinaryFields.readBigInteger;
import static io.ballast.engine.codec.BinaryFields.readMap;
import static io.ballast.engine.codec.BinaryFields.readString;
import static io.ballast.engine.codec.BinaryFields.writeBigInteger;
import static io.ballast.engine.codec.BinaryFields.writeMap;
import static io.ballast.engine.codec.BinaryFields.writeString;

import io.ballast.engine.codec.BinaryFields;
import io.ballast.engine.codec.EventBinary;
import io.ballast.engine.codec.RecordWriter;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.ObligationObserved;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.ChainState.SeenTransaction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesIn;

/**
 * The canonical encoding of an {@link ExposureState}: every collection in sorted order, every field
 * exact, nothing derived (cached tier values are recomputed on decode). Snapshots store it and the
 * state hash is SHA-256 over it, so two states hash alike exactly when they would behave alike.
 *
 * <p>Layout version {@value #VERSION}: clock, sequences, source positions, tracked accounts, chains
 * (heights, reorg counters, stall mark, headers, seen transactions), ledgers (base, changes by block), pending
 * transfers in arrival order, transfers in flight, finished bridge transfers (since version 3), prices, positions,
 * obligations, rule set, alert book, order book (with its last hour's notional since version 3).
 */
public final class StateCodec {

    public static final byte VERSION = 3;
    /** Snapshots of version 2 (before finished bridge transfers were kept) still load. */
    private static final byte PREVIOUS_VERSION = 2;

    /** Remembered transactions in hash order (a hash seen in two blocks, only in malformed input, by block). */
    private static final Comparator<SeenTransaction> BY_TX_HASH_THEN_BLOCK =
            Comparator.<SeenTransaction, String>comparing(tx -> tx.txHash).thenComparingLong(tx -> tx.block);

    private StateCodec() {
    }

    public static byte[] encode(ExposureState state) {
        RecordWriter out = new RecordWriter(4096);
        write(out, state);
        return out.toByteArray();
    }

    /** SHA-256 of the canonical encoding, hex. */
    public static String hash(ExposureState state) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encode(state)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static ExposureState decode(byte[] encoded, Catalogue catalogue, StateSettings settings) {
        Bytes<byte[]> in = Bytes.wrapForRead(encoded);
        try {
            return read(in, catalogue, settings);
        } finally {
            in.releaseLast();
        }
    }

    private static void write(RecordWriter out, ExposureState s) {
        out.writeByte(VERSION);
        out.writeStopBit(s.clock);
        out.writeStopBit(s.inputSeq);
        out.writeStopBit(s.decisionSeq);
        writeMap(out, s.sourcePositions, (writer, last) -> writer.writeStopBit(last.value));
        writeMap(out, s.trackedAccounts, BinaryFields::writeString);

        out.writeStopBit(s.chains.size());
        for (ChainState c : s.chains.values()) {
            writeString(out, c.name());
            out.writeStopBit(c.head);
            out.writeStopBit(c.headTimestamp);
            out.writeStopBit(c.safe);
            out.writeStopBit(c.finalized);
            out.writeStopBit(c.reorgCount);
            out.writeStopBit(c.lastReorgDepth);
            out.writeStopBit(c.refusedReorgs);
            out.writeStopBit(c.stalledSince);
            List<BlockObserved> headers = c.headers();
            out.writeStopBit(headers.size());
            for (BlockObserved block : headers) {
                EventBinary.write(out, block);
            }
            List<SeenTransaction> seen = c.seenTransactions();
            seen.sort(BY_TX_HASH_THEN_BLOCK);
            out.writeStopBit(seen.size());
            for (SeenTransaction tx : seen) {
                writeString(out, tx.txHash);
                out.writeStopBit(tx.block);
                long[] logIndexes = tx.logIndexes();
                out.writeStopBit(logIndexes.length);
                for (long logIndex : logIndexes) {
                    out.writeStopBit(logIndex);
                }
                writePendingOrNull(out, tx.confirmedPending);
            }
        }

        out.writeStopBit(s.ledgers.size());
        for (AccountLedger l : s.ledgers.values()) {
            writeString(out, l.key.chain());
            writeString(out, l.key.asset());
            writeString(out, l.key.token());
            writeString(out, l.key.account());
            writeBigInteger(out, l.base.toBigInteger());
            out.writeStopBit(l.baseHeight);
            out.writeStopBit(l.foldedAbsoluteHeight);
            writeBigInteger(out, l.pending.toBigInteger());
            out.writeStopBit(l.changes.size());
            for (int k = 0; k < l.changes.size(); k++) {
                BlockWindow.Changes atBlock = l.changes.changes(k);
                out.writeStopBit(l.changes.block(k));
                out.writeBoolean(atBlock.absolute != null);
                if (atBlock.absolute != null) {
                    writeBigInteger(out, atBlock.absolute);
                }
                writeBigInteger(out, atBlock.deltaSum.toBigInteger());
            }
        }

        out.writeStopBit(s.pendingByArrival.size());
        for (PendingEntry entry : s.pendingByArrival.values()) {
            writePending(out, entry);
        }

        out.writeStopBit(s.inFlight.size());
        for (InFlightTransfer t : s.inFlight.values()) {
            writeString(out, t.id());
            writeString(out, t.asset());
            writeString(out, t.fromChain());
            writeString(out, t.toChain());
            writeBigInteger(out, t.amount());
            out.writeStopBit(t.startedAt());
            out.writeStopBit(t.expectedArrivalSeconds());
        }
        writeMap(out, s.finishedBridges.byId(), RecordWriter::writeStopBit);
        writeEvents(out, s.prices);
        writeEvents(out, s.positions);
        writeEvents(out, s.obligations);
        out.writeBoolean(s.rules != null);
        if (s.rules != null) {
            EventBinary.write(out, s.rules);
        }
        writeMap(out, s.alerts.firingSince, RecordWriter::writeStopBit);
        writeMap(out, s.alerts.lastFired, RecordWriter::writeStopBit);
        writeMap(out, s.orders.outstanding, (o, order) -> {
            writeString(o, order.asset());
            writeString(o, order.fromChain());
            writeString(o, order.toChain());
            writeBigInteger(o, order.amount());
            o.writeStopBit(order.issuedAt());
        });
        writeMap(out, s.orders.lastOrderAt, RecordWriter::writeStopBit);
        out.writeStopBit(s.orders.spent.size());
        for (OrderBook.Spent spent : s.orders.spent) {
            out.writeStopBit(spent.at());
            writeString(out, spent.usd().toPlainString());
        }
    }

    private static ExposureState read(BytesIn<?> in, Catalogue catalogue, StateSettings settings) {
        byte version = in.readByte();
        if (version != VERSION && version != PREVIOUS_VERSION) {
            throw new IllegalStateException("state encoding version " + version + " is not supported (expected " + VERSION + ")");
        }
        ExposureState s = new ExposureState(catalogue, settings);
        s.clock = in.readStopBit();
        s.inputSeq = in.readStopBit();
        s.decisionSeq = in.readStopBit();
        readMap(in, BytesIn::readStopBit).forEach((source, last) -> s.sourcePositions.put(source, new ExposureState.LastPosition(last)));
        s.trackedAccounts.clear();
        s.trackedIndex.clear();
        readMap(in, BinaryFields::readString).forEach(s::track);

        long chains = in.readStopBit();
        for (long i = 0; i < chains; i++) {
            String name = readString(in);
            ChainState c = new ChainState(catalogue.chain(name).orElseThrow(() ->
                    new IllegalStateException("snapshot names chain " + name + ", which the catalogue does not know")));
            c.head = in.readStopBit();
            c.headTimestamp = in.readStopBit();
            c.safe = in.readStopBit();
            c.finalized = in.readStopBit();
            c.reorgCount = in.readStopBit();
            c.lastReorgDepth = in.readStopBit();
            c.refusedReorgs = in.readStopBit();
            c.stalledSince = in.readStopBit();
            long blocks = in.readStopBit();
            for (long b = 0; b < blocks; b++) {
                BlockObserved block = (BlockObserved) EventBinary.read(in);
                c.putHeader(block);
            }
            long seen = in.readStopBit();
            List<SeenTransaction> remembered = new ArrayList<>((int) seen);
            for (long t = 0; t < seen; t++) {
                String txHash = readString(in);
                long block = in.readStopBit();
                long logs = in.readStopBit();
                long[] logIndexes = new long[(int) logs];
                for (int k = 0; k < logs; k++) {
                    logIndexes[k] = in.readStopBit();
                }
                SeenTransaction tx = new SeenTransaction(txHash, block, readPendingOrNull(in));
                for (long logIndex : logIndexes) {
                    tx.addLog(logIndex);
                }
                remembered.add(tx);
            }
            // In block order (hash order within a block, as before): a block no header opened is opened in order, not between every hash.
            remembered.sort(Comparator.comparingLong(tx -> tx.block));
            remembered.forEach(c::rememberTransaction);
            s.chains.put(name, c);
        }

        long ledgers = in.readStopBit();
        for (long i = 0; i < ledgers; i++) {
            LedgerKey key = new LedgerKey(readString(in), readString(in), readString(in), readString(in));
            AccountLedger l = new AccountLedger(key, s.totalOf(key));
            l.base.set(readBigInteger(in));
            l.baseHeight = in.readStopBit();
            l.foldedAbsoluteHeight = in.readStopBit();
            ExactSum pending = new ExactSum();
            pending.set(readBigInteger(in));
            long changes = in.readStopBit();
            for (long k = 0; k < changes; k++) {
                long block = in.readStopBit();
                if (in.readBoolean()) {
                    l.changes.setAbsolute(block, readBigInteger(in));
                }
                l.changes.at(block).deltaSum.set(readBigInteger(in));
            }
            ChainState chain = s.chains.get(l.key.chain());
            if (chain == null) {
                throw new IllegalStateException("ledger " + l.key + " of a chain the snapshot holds no state for");
            }
            // recompute and addPending move the (chain, asset) total from zero to this ledger's values
            l.recompute(chain.finalized, chain.safe());
            l.addPending(pending);
            s.putLedger(chain, l);
        }

        long pendings = in.readStopBit();
        for (long i = 0; i < pendings; i++) {
            PendingEntry entry = readPending(in);
            PendingTransferObserved t = entry.transfer();
            s.pendingByArrival.put(entry.arrival(), entry);
            s.chains.get(t.chain()).pendingByTx.put(t.txHash(), entry);
            if (t.nonce() != Event.NONE) {
                s.pendingTxBySenderNonce.put(new ExposureState.SenderNonce(t.chain(), t.from(), t.nonce()), t.txHash());
            }
        }

        long inFlight = in.readStopBit();
        for (long i = 0; i < inFlight; i++) {
            InFlightTransfer t = new InFlightTransfer(readString(in), readString(in), readString(in), readString(in),
                    readBigInteger(in), in.readStopBit(), in.readStopBit());
            s.inFlight.put(t.id(), t);
        }
        if (version >= 3) {
            readMap(in, BytesIn::readStopBit).forEach(s.finishedBridges::finish);
        }
        readEvents(in, s.prices, PriceObserved.class, PriceObserved::asset);
        readEvents(in, s.positions, PositionObserved.class, PositionObserved::id);
        readEvents(in, s.obligations, ObligationObserved.class, ObligationObserved::id);
        if (in.readBoolean()) {
            s.rules = (RulesVersionMarked) EventBinary.read(in);
        }
        s.alerts.restore(readMap(in, BytesIn::readStopBit), readMap(in, BytesIn::readStopBit));
        long orders = in.readStopBit();
        for (long i = 0; i < orders; i++) {
            String id = readString(in);
            s.orders.outstanding.put(id, new OrderBook.Outstanding(id, readString(in), readString(in), readString(in),
                    readBigInteger(in), in.readStopBit()));
        }
        s.orders.lastOrderAt.putAll(readMap(in, BytesIn::readStopBit));
        if (version >= 3) {
            long spent = in.readStopBit();
            for (long i = 0; i < spent; i++) {
                s.orders.spent.add(new OrderBook.Spent(in.readStopBit(), new BigDecimal(readString(in))));
            }
        }
        return s;
    }

    private static void writePending(RecordWriter out, PendingEntry entry) {
        EventBinary.write(out, entry.transfer());
        out.writeStopBit(entry.arrival());
        out.writeStopBit(entry.seenAt());
    }

    private static PendingEntry readPending(BytesIn<?> in) {
        return new PendingEntry((PendingTransferObserved) EventBinary.read(in), in.readStopBit(), in.readStopBit());
    }

    private static void writePendingOrNull(RecordWriter out, PendingEntry entry) {
        out.writeBoolean(entry != null);
        if (entry != null) {
            writePending(out, entry);
        }
    }

    private static PendingEntry readPendingOrNull(BytesIn<?> in) {
        return in.readBoolean() ? readPending(in) : null;
    }

    private static void writeEvents(RecordWriter out, TreeMap<String, ? extends Event> events) {
        out.writeStopBit(events.size());
        for (Event event : events.values()) {
            EventBinary.write(out, event);
        }
    }

    private static <E extends Event> void readEvents(BytesIn<?> in, TreeMap<String, E> into, Class<E> type,
                                                     java.util.function.Function<E, String> key) {
        long count = in.readStopBit();
        for (long i = 0; i < count; i++) {
            E event = type.cast(EventBinary.read(in));
            into.put(key.apply(event), event);
        }
    }
}
