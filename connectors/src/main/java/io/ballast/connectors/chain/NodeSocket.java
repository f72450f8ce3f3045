package io.ballast.connectors.chain;

import io.reactivex.disposables.Disposable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthSubscribe;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.protocol.websocket.events.NewHeadsNotification;
import org.web3j.protocol.websocket.events.PendingTransactionNotification;

/**
 * A node's WebSocket: {@code newHeads}, as a prompt to poll at once rather than at the next interval, and
 * a raw {@code eth_subscribe newPendingTransactions} (web3j has no helper for it), whose hashes the source
 * takes instead of polling a filter while the node offers it.
 *
 * <p>web3j does not reconnect by itself: a closed or failed socket is reopened here after a back-off (1 s,
 * doubling up to 30 s) and resubscribed. A socket can also go quiet without closing (a proxy that holds
 * the connection, a node that stopped notifying): when polling sees the chain pass the last head the
 * socket told of, and the socket has said nothing for the stall time, it is closed and reopened. Polling
 * goes on through all of it, and the poll after a reconnect backfills by number whatever came in between;
 * a pending transaction announced while the socket was down is seen when its block comes.
 */
final class NodeSocket implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeSocket.class.getName());
    private static final long FIRST_BACKOFF_MILLIS = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final long UNKNOWN = Long.MIN_VALUE;
    /** How web3j's error begins when the node answered {@code eth_subscribe} with an error. */
    private static final String SUBSCRIPTION_REFUSED = "Subscription request failed";
    /** Pending hashes kept between polls at most; past it the oldest are let go (their blocks still count them). */
    private static final int MAX_PENDING_HASHES = 50_000;

    private final String chain;
    private final String endpoint;
    private final ScheduledExecutorService executor;
    private final Runnable onHead;
    private final long stallAfterNanos;
    private final ArrayDeque<String> pendingHashes = new ArrayDeque<>();
    private WebSocketService socket;
    private final List<Disposable> subscriptions = new ArrayList<>();
    private boolean pendingOffered = true;
    private boolean pendingSubscribed;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private long lastHeardNanos;
    private long lastHeadNumber = UNKNOWN;
    private long connects;
    private long heads;
    private long stalls;
    private long pendingDropped;
    private boolean closed;

    NodeSocket(String chain, String endpoint, ScheduledExecutorService executor, Runnable onHead, Duration stallAfter) {
        this.chain = chain;
        this.endpoint = endpoint;
        this.executor = executor;
        this.onHead = onHead;
        this.stallAfterNanos = stallAfter.toNanos();
    }

    /** Connects now (on the caller's thread); a failure schedules the next attempt. */
    synchronized void connect() {
        if (closed || socket != null) {
            return;
        }
        WebSocketService service = new WebSocketService(endpoint, false);
        try {
            service.connect(message -> { }, error -> lost(service, "failed: " + Redaction.text(error.getMessage())),
                    () -> lost(service, "closed"));
            socket = service;
            subscriptions.add(Web3j.build(service).newHeadsNotifications().subscribe(this::headSeen,
                    error -> lost(service, "newHeads failed: " + Redaction.text(error.getMessage()))));
            if (pendingOffered) {
                subscribePending(service);
            }
            connects++;
            backoffMillis = FIRST_BACKOFF_MILLIS;
            lastHeardNanos = System.nanoTime();
            lastHeadNumber = UNKNOWN;
            LOG.log(System.Logger.Level.INFO, chain + ": subscribed at " + Redaction.url(endpoint) + " to new heads"
                    + (pendingOffered ? " and pending transactions" : ""));
        } catch (Exception e) {
            if (socket == service) {
                dispose();
            } else {
                service.close();
            }
            retryLater("cannot connect: " + Redaction.text(e.getMessage()));
        }
    }

    private void subscribePending(WebSocketService service) {
        Request<?, EthSubscribe> request = new Request<>("eth_subscribe", List.of("newPendingTransactions"), service, EthSubscribe.class);
        pendingSubscribed = true;
        subscriptions.add(service.subscribe(request, "eth_unsubscribe", PendingTransactionNotification.class)
                .subscribe(notification -> pendingSeen(notification.getParams().getResult()), error -> pendingRefused(service, error)));
    }

    private synchronized void headSeen(NewHeadsNotification head) {
        heads++;
        lastHeardNanos = System.nanoTime();
        String number = head.getParams().getResult().getNumber();
        if (number != null && number.startsWith("0x")) {
            lastHeadNumber = Math.max(lastHeadNumber, Long.parseLong(number.substring(2), 16));
        }
        if (!closed) {
            executor.execute(onHead);
        }
    }

    private synchronized void pendingSeen(String txHash) {
        lastHeardNanos = System.nanoTime();
        if (pendingHashes.size() == MAX_PENDING_HASHES) {
            pendingHashes.pollFirst();
            pendingDropped++;
        }
        pendingHashes.addLast(txHash);
    }

    /**
     * The node answered the subscription with an error (web3j's words for it): it does not offer it, and the
     * source polls a filter. Any other error is the socket's.
     */
    private synchronized void pendingRefused(WebSocketService service, Throwable error) {
        if (error.getMessage() == null || !error.getMessage().startsWith(SUBSCRIPTION_REFUSED)) {
            lost(service, "newPendingTransactions failed: " + Redaction.text(error.getMessage()));
            return;
        }
        if (service != socket) {
            return;
        }
        pendingOffered = false;
        pendingSubscribed = false;
        LOG.log(System.Logger.Level.INFO, chain + ": no newPendingTransactions subscription at " + Redaction.url(endpoint) + " ("
                + Redaction.text(error.getMessage()) + "); the mempool is read through a filter");
    }

    /** Whether pending transactions come through this socket now (else the source polls a filter). */
    synchronized boolean pendingSubscribed() {
        return socket != null && pendingSubscribed;
    }

    /** The pending transaction hashes announced since the last call, oldest first. */
    synchronized List<String> takePending() {
        List<String> taken = new ArrayList<>(pendingHashes);
        pendingHashes.clear();
        return taken;
    }

    /**
     * Polling read {@code nodeHead}: a socket that has said nothing for the stall time while the chain went
     * past the last head it told of is silently stalled, and is reopened.
     */
    synchronized void checkAlive(long nodeHead) {
        if (closed || socket == null) {
            return;
        }
        if (lastHeadNumber == UNKNOWN) {
            lastHeadNumber = nodeHead; // the chain as it was when the socket came up: from here it must tell of new heads
            return;
        }
        long silentNanos = System.nanoTime() - lastHeardNanos;
        if (nodeHead > lastHeadNumber && silentNanos > stallAfterNanos) {
            stalls++;
            WebSocketService stalled = socket;
            lost(stalled, "silent for " + TimeUnit.NANOSECONDS.toSeconds(silentNanos) + " s while the chain moved from block " + lastHeadNumber
                    + " to " + nodeHead);
        }
    }

    private synchronized void lost(WebSocketService service, String why) {
        if (closed || service != socket) {
            return; // already being replaced
        }
        dispose();
        retryLater(why);
    }

    private void retryLater(String why) {
        if (closed) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, chain + ": socket at " + Redaction.url(endpoint) + " " + why + "; reconnecting in "
                + backoffMillis + " ms (polling goes on)");
        executor.schedule(this::connect, backoffMillis, TimeUnit.MILLISECONDS);
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }

    private void dispose() {
        subscriptions.forEach(Disposable::dispose);
        subscriptions.clear();
        pendingSubscribed = false;
        if (socket != null) {
            WebSocketService old = socket;
            socket = null;
            old.close();
        }
    }

    /** Successful connections so far (the first one included). */
    synchronized long connects() {
        return connects;
    }

    synchronized long heads() {
        return heads;
    }

    /** Times the socket was found silent while the chain moved, and reopened. */
    synchronized long stalls() {
        return stalls;
    }

    /** Pending hashes let go because more came between two polls than are kept. */
    synchronized long pendingDropped() {
        return pendingDropped;
    }

    @Override
    public synchronized void close() {
        closed = true;
        dispose();
    }
}
