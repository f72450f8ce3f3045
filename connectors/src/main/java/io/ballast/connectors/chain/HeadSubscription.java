package io.ballast.connectors.chain;

import io.reactivex.disposables.Disposable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.websocket.WebSocketService;

/**
 * {@code newHeads} over WebSocket, as a prompt to poll at once rather than at the next interval. web3j
 * does not reconnect by itself: a closed or failed socket is reopened here after a back-off (1 s,
 * doubling up to 30 s) and resubscribed; meanwhile, and always, interval polling goes on, and the poll
 * after a reconnect backfills by number whatever came in between.
 */
final class HeadSubscription implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HeadSubscription.class.getName());
    private static final long FIRST_BACKOFF_MILLIS = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final String chain;
    private final String endpoint;
    private final ScheduledExecutorService executor;
    private final Runnable onHead;
    private WebSocketService socket;
    private Disposable subscription;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private long connects;
    private long heads;
    private boolean closed;

    HeadSubscription(String chain, String endpoint, ScheduledExecutorService executor, Runnable onHead) {
        this.chain = chain;
        this.endpoint = endpoint;
        this.executor = executor;
        this.onHead = onHead;
    }

    /** Connects now (on the caller's thread); a failure schedules the next attempt. */
    synchronized void connect() {
        if (closed) {
            return;
        }
        WebSocketService service = new WebSocketService(endpoint, false);
        try {
            service.connect(message -> { }, error -> lost("failed: " + Redaction.text(error.getMessage())), () -> lost("closed"));
            Web3j web3j = Web3j.build(service);
            subscription = web3j.newHeadsNotifications().subscribe(head -> headSeen(), error -> lost("subscription failed: "
                    + Redaction.text(error.getMessage())));
            socket = service;
            connects++;
            backoffMillis = FIRST_BACKOFF_MILLIS;
            LOG.log(System.Logger.Level.INFO, chain + ": newHeads subscribed at " + Redaction.url(endpoint));
        } catch (Exception e) {
            service.close();
            retryLater("cannot connect: " + Redaction.text(e.getMessage()));
        }
    }

    private synchronized void headSeen() {
        heads++;
        if (!closed) {
            executor.execute(onHead);
        }
    }

    private synchronized void lost(String why) {
        if (closed || socket == null) {
            return; // already being replaced
        }
        dispose();
        retryLater(why);
    }

    private void retryLater(String why) {
        if (closed) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, chain + ": newHeads at " + Redaction.url(endpoint) + " " + why + "; reconnecting in "
                + backoffMillis + " ms (polling goes on)");
        executor.schedule(this::connect, backoffMillis, TimeUnit.MILLISECONDS);
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }

    private void dispose() {
        if (subscription != null) {
            subscription.dispose();
            subscription = null;
        }
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

    @Override
    public synchronized void close() {
        closed = true;
        dispose();
    }
}
