package io.ballast.engine.state;

import static io.ballast.engine.event.Event.NONE;

import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.BridgeStatus;
import io.ballast.engine.event.BridgeTransferUpdated;
import io.ballast.engine.event.ChainStalled;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.FinalityAdvanced;
import io.ballast.engine.event.ObligationObserved;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Chain;
import io.ballast.engine.model.Finality;
import io.ballast.engine.model.Tier;
import io.ballast.engine.state.ChainState.SeenTransaction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The live, finality-aware picture of the inventory. {@link #apply} is the only mutator; it is
 * deterministic and takes time only from events. Not thread-safe: one thread applies, and queries
 * run on that thread or under the caller's lock.
 *
 * <p>Events must be valid for the catalogue (see {@link io.ballast.engine.event.EventValidator});
 * the engine validates before it journals, so nothing here throws on a journalled event.
 */
public final class ExposureState {

    record SenderNonce(String chain, String from, long nonce) {
    }

    final Catalogue catalogue;
    final StateSettings settings;
    final TreeMap<String, ChainState> chains = new TreeMap<>();
    /** Ledgers in key order, for ordered walks; each chain's state indexes its own for lookups. */
    final TreeMap<LedgerKey, AccountLedger> ledgers = new TreeMap<>();
    /**
     * Holdings per (chain, asset), all accounts and tokens together, indexed both ways: derived from the
     * ledgers and kept current on every change, so aggregate queries cost the number of chains and
     * assets, not of accounts. Not part of the canonical encoding; rebuilt on restore.
     */
    final TreeMap<String, TreeMap<String, ChainAssetTotal>> holdingsByChain = new TreeMap<>();
    final TreeMap<String, TreeMap<String, ChainAssetTotal>> holdingsByAsset = new TreeMap<>();
    /** Counts holdings appearing and disappearing, so readers can cache the set of holdings. */
    private long holdingSetChanges;
    /** Counts changes to the transfers in flight, so readers can cache what they derive from them. */
    private long inFlightChanges;
    /** Counts changes to the open obligations, likewise. */
    private long obligationChanges;
    /** Account to desk: the configured accounts plus, without config, those seen in balance observations. */
    final TreeMap<String, String> trackedAccounts;
    /** The same accounts, for the lookups every transfer makes. */
    final Map<String, String> trackedIndex;
    final TreeMap<Long, PendingEntry> pendingByArrival = new TreeMap<>();
    final Map<SenderNonce, String> pendingTxBySenderNonce = new HashMap<>();
    final TreeMap<String, InFlightTransfer> inFlight = new TreeMap<>();
    final FinishedBridges finishedBridges = new FinishedBridges();
    static final long FINISHED_BRIDGES_KEPT_SECONDS = 8 * 24 * 3600;
    final TreeMap<String, PriceObserved> prices = new TreeMap<>();
    final TreeMap<String, PositionObserved> positions = new TreeMap<>();
    final TreeMap<String, ObligationObserved> obligations = new TreeMap<>();
    /** Input source to the highest source position journalled from it (exactly-once ingest). */
    final TreeMap<String, LastPosition> sourcePositions = new TreeMap<>();
    RulesVersionMarked rules;
    final AlertBook alerts = new AlertBook();
    final OrderBook orders = new OrderBook();
    long clock = NONE;
    long inputSeq;
    long decisionSeq;

    private final List<Incident> incidents = new ArrayList<>();
    /** The holdings the last input changed. */
    private final List<ChainAssetTotal> changedHoldings = new ArrayList<>();
    /** A transfer's or pending transfer's signed amount, worked out here for each side so applying it allocates nothing. */
    private final ExactSum delta = new ExactSum();
    private final List<ChainAssetTotal> changedHoldingsView = Collections.unmodifiableList(changedHoldings);
    /** Whether the last input made Ballast aware of a chain it had not heard of. */
    private boolean chainAdded;
    private final List<Incident> incidentsView = Collections.unmodifiableList(incidents);
    private final Valuation valuation = new Valuation(this);

    public ExposureState(Catalogue catalogue, StateSettings settings) {
        this.catalogue = catalogue;
        this.settings = settings;
        this.trackedAccounts = new TreeMap<>(settings.trackedAccounts());
        this.trackedIndex = new HashMap<>(trackedAccounts);
    }

    // ---------------------------------------------------------------- applying events

    /** Applies the input journalled at {@code seq}. Incidents it caused are in {@link #incidents()} until the next call. */
    public void apply(long seq, Event event) {
        incidents.clear();
        changedHoldings.clear();
        chainAdded = false;
        inputSeq = seq;
        long time = event.eventTime();
        if (time > clock) {
            clock = time;
            expirePendings();
        }
        if (event instanceof BlockObserved e) {
            onBlock(e);
        } else if (event instanceof TransferObserved e) {
            onTransfer(e);
        } else if (event instanceof BalanceObserved e) {
            onBalance(e);
        } else if (event instanceof PendingTransferObserved e) {
            onPending(e);
        } else if (event instanceof FinalityAdvanced e) {
            ChainState chain = chainState(e.chain());
            if (e.tier() == Tier.FINALIZED) {
                advanceFinality(chain, chain.safe, e.number());
            } else {
                advanceFinality(chain, e.number(), chain.finalized);
            }
        } else if (event instanceof BridgeTransferUpdated e) {
            onBridge(e);
        } else if (event instanceof ChainStalled e) {
            chainState(e.chain()).stalledSince = e.timestamp();
        } else if (event instanceof PriceObserved e) {
            PriceObserved known = prices.get(e.asset());
            if (known == null || e.timestamp() >= known.timestamp()) {
                prices.put(e.asset(), e);
            }
        } else if (event instanceof PositionObserved e) {
            if (e.collateral().isEmpty() && e.debt().isEmpty()) {
                positions.remove(e.id());
            } else {
                positions.put(e.id(), e);
            }
        } else if (event instanceof ObligationObserved e) {
            if (e.open()) {
                obligations.put(e.id(), e);
            } else {
                obligations.remove(e.id());
            }
            obligationChanges++;
        }
    }

    /** Records that an input from {@code source} at {@code position} was journalled. */
    public void recordSourcePosition(String source, long position) {
        LastPosition last = sourcePositions.get(source);
        if (last == null) {
            sourcePositions.put(source, new LastPosition(position));
        } else {
            last.value = Math.max(last.value, position);
        }
    }

    /** Takes the next decision sequence number; decisions are numbered in the order they are made. */
    public long nextDecisionSeq() {
        return ++decisionSeq;
    }

    private void onBlock(BlockObserved e) {
        ChainState chain = chainState(e.chain());
        long number = e.number();
        BlockObserved known = chain.header(number);
        if (known != null) {
            if (known.hash().equals(e.hash())) {
                return;
            }
            if (number <= chain.finalized) {
                refuse(chain, number, known.hash(), e.hash());
                return;
            }
            retract(chain, number);
        } else {
            if (number < chain.finalized) {
                return; // below finalized and older than the headers kept: nothing to check it against
            }
            BlockObserved parent = chain.header(number - 1);
            if (parent != null && !parent.hash().equals(e.parentHash())) {
                if (number - 1 <= chain.finalized) {
                    refuse(chain, number - 1, parent.hash(), e.parentHash());
                    return;
                }
                retract(chain, number - 1);
            }
            BlockObserved child = chain.header(number + 1);
            if (child != null && !child.parentHash().equals(e.hash())) {
                retract(chain, number + 1);
            }
        }
        chain.putHeader(e);
        if (number >= chain.head) {
            chain.head = number;
            chain.headTimestamp = e.timestamp();
            chain.stalledSince = NONE;
        }
        Finality finality = chain.chain.finality();
        if (finality.mode() == Finality.Mode.DEPTH) {
            advanceFinality(chain, chain.head - finality.safeDepth(), chain.head - finality.finalizedDepth());
        }
    }

    private void refuse(ChainState chain, long block, String knownHash, String offeredHash) {
        chain.refusedReorgs++;
        incidents.add(new Incident.ReorgRefused(chain.name(), block, knownHash, offeredHash, chain.finalized));
    }

    /** Retracts block {@code from} and everything above it, with every change they carried. */
    private void retract(ChainState chain, long from) {
        long depth = chain.head - from + 1;
        List<SeenTransaction> retracted = chain.retractFrom(from);
        BlockObserved top = chain.topHeader();
        chain.head = top == null ? NONE : top.number();
        chain.headTimestamp = top == null ? NONE : top.timestamp();
        List<LedgerKey> blank = new ArrayList<>();
        for (AccountLedger ledger : chain.ledgers()) {
            ledger.retractFrom(from, chain.finalized, chain.safe());
            if (ledger.isBlank()) {
                blank.add(ledger.key);
            }
        }
        // Removed as a replay that never saw the retracted blocks would not have them, holdings included.
        blank.forEach(key -> removeLedger(chain, key));
        List<PendingEntry> unconfirmed = new ArrayList<>();
        for (SeenTransaction seen : retracted) {
            if (seen.confirmedPending != null) {
                unconfirmed.add(seen.confirmedPending);
            }
        }
        unconfirmed.sort((a, b) -> Long.compare(a.arrival(), b.arrival()));
        unconfirmed.forEach(this::addPending);
        chain.reorgCount++;
        chain.lastReorgDepth = depth;
        incidents.add(new Incident.ReorgApplied(chain.name(), from, depth));
    }

    private void advanceFinality(ChainState chain, long safe, long finalized) {
        long newFinalized = Math.max(chain.finalized, finalized);
        long newSafe = Math.max(chain.safe, safe);
        if (newFinalized == chain.finalized && newSafe == chain.safe) {
            return;
        }
        long oldSafe = chain.safe();
        long oldFinalized = chain.finalized;
        chain.finalized = newFinalized;
        chain.safe = newSafe;
        List<AccountLedger> onChain = chain.ledgers();
        for (int i = 0; i < onChain.size(); i++) {
            onChain.get(i).finalityChanged(oldSafe, chain.finalized, chain.safe());
        }
        // Finalized headers and transfers are remembered for a while, so a conflicting or re-sent
        // block or log below the finalized height is recognised (and refused) rather than ignored.
        long forgetBelow = newFinalized - settings.transferMemoryBlocks();
        chain.finalizedFrom(oldFinalized, forgetBelow);
    }

    private void onBalance(BalanceObserved e) {
        ChainState chain = chainState(e.chain());
        if (!isTracked(e.account())) {
            if (!settings.trackedAccounts().isEmpty()) {
                return;
            }
            track(e.account(), "");
        }
        long block = e.block() != NONE ? e.block() : Math.max(chain.head, 0);
        AccountLedger ledger = ledger(chain, e.asset(), e.token(), e.account());
        BigInteger computed = ledger.driftedValueAt(block, e.amount());
        if (computed != null) {
            incidents.add(new Incident.BalanceDrift(ledger.key, block, computed, e.amount()));
        }
        if (!ledger.setAbsolute(block, e.amount(), chain.finalized, chain.safe())) {
            incidents.add(new Incident.BalanceIgnored(ledger.key, block, "older than the finalized balance already folded at block " + ledger.baseHeight));
        }
    }

    private void onTransfer(TransferObserved e) {
        ChainState chain = chainState(e.chain());
        SeenTransaction seen = chain.seenTransaction(e.txHash(), e.block());
        if (seen != null && seen.hasLog(e.logIndex())) {
            return;
        }
        PendingEntry confirmed = chain.pendingByTx.get(e.txHash());
        if (confirmed != null) {
            removePending(confirmed);
        }
        boolean fromTracked = isTracked(e.from());
        boolean toTracked = isTracked(e.to());
        if (!fromTracked && !toTracked && confirmed == null) {
            return;
        }
        if (seen == null) {
            seen = new SeenTransaction(e.txHash(), e.block(), confirmed);
            chain.rememberTransaction(seen);
        }
        seen.addLog(e.logIndex());
        if (fromTracked) {
            setDelta(e.amount(), true);
            addDelta(chain, e.asset(), e.token(), e.from(), e.block());
        }
        if (toTracked) {
            setDelta(e.amount(), false);
            addDelta(chain, e.asset(), e.token(), e.to(), e.block());
        }
    }

    /** Sets {@link #delta} to an amount, negated on the side it leaves. */
    private void setDelta(BigInteger amount, boolean negated) {
        delta.set(amount);
        if (negated) {
            delta.negate();
        }
    }

    /** Adds {@link #delta} to the account's ledger. */
    private void addDelta(ChainState chain, String asset, String token, String account, long block) {
        ledger(chain, asset, token, account).addDelta(block, delta, chain.finalized, chain.safe());
    }

    private void onPending(PendingTransferObserved e) {
        ChainState chain = chainState(e.chain());
        if (chain.pendingByTx.containsKey(e.txHash())) {
            return;
        }
        if (chain.isMinedUnfinalized(e.txHash()) || (!isTracked(e.from()) && !isTracked(e.to()))) {
            return;
        }
        if (e.nonce() != NONE) {
            String replaced = pendingTxBySenderNonce.get(new SenderNonce(e.chain(), e.from(), e.nonce()));
            if (replaced != null) {
                removePending(chain.pendingByTx.get(replaced));
                incidents.add(new Incident.PendingDropped(e.chain(), replaced, "replaced by " + e.txHash()));
            }
        }
        addPending(new PendingEntry(e, inputSeq, clock));
    }

    private void addPending(PendingEntry entry) {
        PendingTransferObserved t = entry.transfer();
        ChainState chain = chains.get(t.chain());
        if (chain.pendingByTx.containsKey(t.txHash())) {
            return;
        }
        pendingByArrival.put(entry.arrival(), entry);
        chain.pendingByTx.put(t.txHash(), entry);
        if (t.nonce() != NONE) {
            pendingTxBySenderNonce.put(new SenderNonce(t.chain(), t.from(), t.nonce()), t.txHash());
        }
        shiftPending(chain, t, true);
    }

    private void removePending(PendingEntry entry) {
        PendingTransferObserved t = entry.transfer();
        ChainState chain = chains.get(t.chain());
        pendingByArrival.remove(entry.arrival());
        chain.pendingByTx.remove(t.txHash());
        if (t.nonce() != NONE) {
            pendingTxBySenderNonce.remove(new SenderNonce(t.chain(), t.from(), t.nonce()));
        }
        shiftPending(chain, t, false);
    }

    /** Adds a pending transfer to its tracked sides' pending amounts, or ({@code adding} false) takes it back out. */
    private void shiftPending(ChainState chain, PendingTransferObserved t, boolean adding) {
        if (isTracked(t.from())) {
            setDelta(t.amount(), adding);
            shiftLedgerPending(chain, t.asset(), t.token(), t.from());
        }
        if (isTracked(t.to())) {
            setDelta(t.amount(), !adding);
            shiftLedgerPending(chain, t.asset(), t.token(), t.to());
        }
    }

    /** Adds {@link #delta} to the account's pending amount. */
    private void shiftLedgerPending(ChainState chain, String asset, String token, String account) {
        AccountLedger ledger = ledger(chain, asset, token, account);
        ledger.addPending(delta);
        if (ledger.isBlank()) {
            removeLedger(chain, ledger.key);
        }
    }

    private void expirePendings() {
        while (!pendingByArrival.isEmpty()) {
            PendingEntry oldest = pendingByArrival.firstEntry().getValue();
            if (clock - oldest.seenAt() <= settings.pendingTimeoutSeconds()) {
                return;
            }
            removePending(oldest);
            incidents.add(new Incident.PendingDropped(oldest.transfer().chain(), oldest.transfer().txHash(),
                    "not in a block after " + settings.pendingTimeoutSeconds() + "s"));
        }
    }

    /**
     * A transfer is in flight from {@code initiated} until {@code completed} or {@code failed}. Inputs from
     * other systems can come out of order, so a finished transfer's id is remembered ({@value #FINISHED_BRIDGES_KEPT_SECONDS} s of
     * engine time, beyond any challenge window): an {@code initiated} arriving after its end is not put in flight again.
     */
    private void onBridge(BridgeTransferUpdated e) {
        orders.executed(e.id());
        long at = e.timestamp() != NONE ? e.timestamp() : Math.max(clock, 0);
        if (e.status() == BridgeStatus.INITIATED) {
            if (finishedBridges.contains(e.id())) {
                incidents.add(new Incident.BridgeUpdateLate(e.id(), "initiated after it had finished; not in flight"));
            } else if (!inFlight.containsKey(e.id())) {
                inFlight.put(e.id(), new InFlightTransfer(e.id(), e.asset(), e.fromChain(), e.toChain(), e.amount(),
                        at, e.expectedArrivalSeconds()));
                inFlightChanges++;
            }
            return;
        }
        if (inFlight.remove(e.id()) != null) {
            inFlightChanges++;
        }
        finishedBridges.forgetBefore(at - FINISHED_BRIDGES_KEPT_SECONDS);
        finishedBridges.finish(e.id(), at);
    }

    private ChainState chainState(String name) {
        ChainState chain = chains.get(name);
        if (chain == null) {
            Chain config = catalogue.chain(name).orElseThrow(() -> new IllegalArgumentException("unknown chain " + name));
            chain = new ChainState(config);
            chains.put(name, chain);
            chainAdded = true;
        }
        return chain;
    }

    /** The ledger an input is about to change (every per-account change goes through here). */
    private AccountLedger ledger(ChainState chain, String asset, String token, String account) {
        AccountLedger ledger = chain.ledger(token, account);
        if (ledger == null) {
            LedgerKey key = new LedgerKey(chain.name(), asset, token, account);
            ledger = new AccountLedger(key, totalOf(key));
            putLedger(chain, ledger);
        }
        if (!changedHoldings.contains(ledger.total)) {
            changedHoldings.add(ledger.total);
        }
        return ledger;
    }

    /** The total a ledger of this key contributes to, created with the first ledger of its chain and asset. */
    ChainAssetTotal totalOf(LedgerKey key) {
        TreeMap<String, ChainAssetTotal> onChain = holdingsByChain.computeIfAbsent(key.chain(), chain -> new TreeMap<>());
        ChainAssetTotal total = onChain.get(key.asset());
        if (total == null) {
            total = new ChainAssetTotal(key.chain(), key.asset(), catalogue.asset(key.asset()).orElseThrow().decimals());
            onChain.put(key.asset(), total);
            holdingsByAsset.computeIfAbsent(key.asset(), asset -> new TreeMap<>()).put(key.chain(), total);
            holdingSetChanges++;
        }
        return total;
    }

    void putLedger(ChainState chain, AccountLedger ledger) {
        ledgers.put(ledger.key, ledger);
        chain.indexLedger(ledger);
        ledger.total.ledgers++;
    }

    /** Removes a blank ledger; the holding goes with its last ledger, as it would not exist on a replay. */
    private void removeLedger(ChainState chain, LedgerKey key) {
        ChainAssetTotal total = ledgers.remove(key).total;
        chain.unindexLedger(key);
        if (--total.ledgers == 0) {
            removeHolding(holdingsByChain, key.chain(), key.asset());
            removeHolding(holdingsByAsset, key.asset(), key.chain());
            holdingSetChanges++;
        }
    }

    private static void removeHolding(TreeMap<String, TreeMap<String, ChainAssetTotal>> index, String outer, String inner) {
        TreeMap<String, ChainAssetTotal> holdings = index.get(outer);
        holdings.remove(inner);
        if (holdings.isEmpty()) {
            index.remove(outer);
        }
    }

    NavigableMap<LedgerKey, AccountLedger> ledgersOf(String chain) {
        return ledgers.subMap(new LedgerKey(chain, "", "", ""), true, new LedgerKey(chain + '\0', "", "", ""), false);
    }

    // ---------------------------------------------------------------- queries

    /**
     * The holdings whose account ledgers the last {@link #apply} touched. Block, finality and other
     * chain-wide changes are not listed: an input with a time of its own, or one that retracts or
     * finalizes blocks, can move anything.
     */
    public List<ChainAssetTotal> changedHoldings() {
        return changedHoldingsView;
    }

    /** Whether the last input added a chain: then more than holdings changed (new chain-scoped facts exist). */
    public boolean addedAChain() {
        return chainAdded;
    }

    /** Incidents noticed by the last {@link #apply}. */
    public List<Incident> incidents() {
        return incidentsView;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public StateSettings settings() {
        return settings;
    }

    /** The engine clock: the latest event time seen (unix seconds), or -1. */
    public long clock() {
        return clock;
    }

    /** Sequence of the last applied input. */
    public long inputSeq() {
        return inputSeq;
    }


    public long sourcePosition(String source) {
        LastPosition last = sourcePositions.get(source);
        return last == null ? NONE : last.value;
    }

    public boolean isTracked(String account) {
        return trackedIndex.containsKey(account);
    }

    void track(String account, String desk) {
        trackedAccounts.put(account, desk);
        trackedIndex.put(account, desk);
    }

    /** Tracked accounts and their desk labels. */
    public SortedMap<String, String> trackedAccounts() {
        return Collections.unmodifiableSortedMap(trackedAccounts);
    }

    public Optional<ChainState> chain(String name) {
        return Optional.ofNullable(chains.get(name));
    }

    /** How many chains have reported anything; chains are never forgotten, so this only grows. */
    public int chainCount() {
        return chains.size();
    }

    /** Chains that have reported anything, by name. */
    public Iterable<ChainState> chains() {
        return Collections.unmodifiableCollection(chains.values());
    }

    /** Every balance line with its tiers, in (chain, asset, token, account) order. */
    public SortedMap<LedgerKey, TierAmounts> balances() {
        TreeMap<LedgerKey, TierAmounts> result = new TreeMap<>();
        ledgers.forEach((key, ledger) -> result.put(key, ledger.tiers()));
        return result;
    }

    /** Chains where a tracked account holds (or has held, unfinalized) the asset, by name. */
    public SortedSet<String> chainsHolding(String asset) {
        return holdingsOf(asset).navigableKeySet();
    }

    /** Assets some tracked account holds on some chain, by name. */
    public SortedSet<String> heldAssets() {
        return Collections.unmodifiableSortedSet(holdingsByAsset.navigableKeySet());
    }

    /** The asset's holding on a chain, or null when no tracked account has a balance line for it there. */
    public ChainAssetTotal holding(String chain, String asset) {
        TreeMap<String, ChainAssetTotal> onChain = holdingsByChain.get(chain);
        return onChain == null ? null : onChain.get(asset);
    }

    /** The asset's holdings by chain. */
    public NavigableMap<String, ChainAssetTotal> holdingsOf(String asset) {
        return Collections.unmodifiableNavigableMap(holdingsByAsset.getOrDefault(asset, EMPTY_HOLDINGS));
    }

    /** The holdings on a chain by asset. */
    public NavigableMap<String, ChainAssetTotal> holdingsOn(String chain) {
        return Collections.unmodifiableNavigableMap(holdingsByChain.getOrDefault(chain, EMPTY_HOLDINGS));
    }

    private static final TreeMap<String, ChainAssetTotal> EMPTY_HOLDINGS = new TreeMap<>();

    /** Grows whenever a holding appears or disappears: a reader may cache {@link #holdingsOf} while it stays. */
    public long holdingSetChanges() {
        return holdingSetChanges;
    }

    /** Grows whenever an obligation opens, changes or closes. */
    public long obligationChanges() {
        return obligationChanges;
    }

    /** Grows whenever a transfer starts or stops being in flight. */
    public long inFlightChanges() {
        return inFlightChanges;
    }

    /** An account's holding of an asset on a chain, all token contracts together. */
    public TierAmounts balance(String chain, String asset, String account) {
        TierAmounts sum = TierAmounts.ZERO;
        for (AccountLedger ledger : ledgersOf(chain).values()) {
            if (ledger.key.asset().equals(asset) && ledger.key.account().equals(account)) {
                sum = sum.plus(ledger.tiers());
            }
        }
        return sum;
    }

    /** All tracked accounts' holding of an asset on one chain. */
    public TierAmounts assetOnChain(String asset, String chain) {
        ChainAssetTotal total = holding(chain, asset);
        return total == null ? TierAmounts.ZERO : total.tiers();
    }

    /** All tracked accounts' holdings on one chain, by asset. */
    public SortedMap<String, TierAmounts> onChain(String chain) {
        TreeMap<String, TierAmounts> byAsset = new TreeMap<>();
        holdingsOn(chain).forEach((asset, total) -> byAsset.put(asset, total.tiers()));
        return byAsset;
    }

    /** Holdings per (chain, asset), all accounts together, in (chain, asset) order. */
    public void forEachChainAsset(ChainAssetConsumer action) {
        holdingsByChain.forEach((chain, onChain) -> onChain.forEach((asset, total) -> action.accept(chain, asset, total.tiers())));
    }

    /** Receives one (chain, asset) total. */
    @FunctionalInterface
    public interface ChainAssetConsumer {
        void accept(String chain, String asset, TierAmounts amounts);
    }

    /** All tracked accounts' holding of an asset over a group of chains (superchain, ...). */
    public TierAmounts group(String asset, Collection<String> chains) {
        TierAmounts sum = TierAmounts.ZERO;
        for (String chain : chains) {
            sum = sum.plus(assetOnChain(asset, chain));
        }
        return sum;
    }

    /** All tracked accounts' holding of an asset over every chain. */
    public TierAmounts asset(String asset) {
        TierAmounts sum = TierAmounts.ZERO;
        for (ChainAssetTotal total : holdingsOf(asset).values()) {
            sum = sum.plus(total.tiers());
        }
        return sum;
    }

    /** Holdings of one desk's accounts, by asset. */
    public SortedMap<String, TierAmounts> desk(String desk) {
        TreeMap<String, TierAmounts> byAsset = new TreeMap<>();
        for (AccountLedger ledger : ledgers.values()) {
            if (desk.equals(trackedAccounts.get(ledger.key.account()))) {
                byAsset.merge(ledger.key.asset(), ledger.tiers(), TierAmounts::plus);
            }
        }
        return byAsset;
    }

    /** Transfers between chains not yet completed, by id. */
    public SortedMap<String, InFlightTransfer> inFlight() {
        return Collections.unmodifiableSortedMap(inFlight);
    }

    /** Base units of {@code asset} in flight toward {@code chain}. */
    public BigInteger inFlightTo(String asset, String chain) {
        BigInteger sum = BigInteger.ZERO;
        for (InFlightTransfer transfer : inFlight.values()) {
            if (transfer.asset().equals(asset) && transfer.toChain().equals(chain)) {
                sum = sum.add(transfer.amount());
            }
        }
        return sum;
    }

    /** Pending mempool transfers, oldest first. */
    public List<PendingEntry> pendingTransfers() {
        return List.copyOf(pendingByArrival.values());
    }

    public SortedMap<String, PriceObserved> prices() {
        return Collections.unmodifiableSortedMap(prices);
    }

    /** The latest price of the asset, or null. */
    public PriceObserved price(String asset) {
        return prices.get(asset);
    }

    public SortedMap<String, PositionObserved> positions() {
        return Collections.unmodifiableSortedMap(positions);
    }

    public SortedMap<String, ObligationObserved> obligations() {
        return Collections.unmodifiableSortedMap(obligations);
    }

    /** Alert subjects firing and their history; decision makers keep it. */
    public AlertBook alerts() {
        return alerts;
    }

    /** Rebalance orders not yet executing, and when each route last got one. */
    public OrderBook orders() {
        return orders;
    }

    /**
     * The rule set in force. A journalled rule set is a proposal: the module that understands rules
     * adopts it when it is valid (see {@link #adoptRules}), and the one before stays in force when not.
     */
    public Optional<RulesVersionMarked> rules() {
        return Optional.ofNullable(rules);
    }

    /** {@link #rules()} for the hot path: the rule set in force, or null. */
    public RulesVersionMarked rulesInForce() {
        return rules;
    }

    /** Puts a validated rule set in force; called while deciding on the input that proposed it. */
    public void adoptRules(RulesVersionMarked proposal) {
        rules = proposal;
    }

    /** Valuation in USD; never uses a missing or stale price. */
    public Valuation valuation() {
        return valuation;
    }

    /** A source's last journalled position, updated in place: an input per source position boxes nothing. */
    static final class LastPosition {
        long value;

        LastPosition(long value) {
            this.value = value;
        }
    }
}
