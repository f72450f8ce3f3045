package io.ballast.connectors.kafka;

import io.ballast.connectors.chain.Redaction;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A daemon thread that works in sessions against Kafka (a client opened, used, closed). A session that
 * fails, or ends while the worker should still run, is logged with its cause redacted, counted, and begun
 * again after a pause; the state a session resumes from (a cursor, committed offsets) is its own business.
 */
public abstract class RestartingWorker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RestartingWorker.class.getName());

    private final Thread thread;
    private final Duration retryBackoff;
    private final AtomicLong restarts = new AtomicLong();
    private volatile boolean running = true;
    private volatile String lastError = "";

    protected RestartingWorker(String threadName, Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public final void start() {
        thread.start();
    }

    /** One session: open the clients, work until {@link #running()} turns false or something fails, close them. */
    protected abstract void session();

    /** Called from {@link #close} after {@link #running()} turned false, to cut a blocking wait short. */
    protected void interrupt() {
    }

    protected final boolean running() {
        return running;
    }

    final long restarts() {
        return restarts.get();
    }

    final String lastError() {
        return lastError;
    }

    /** Records why the session is starting over (also for failures a session notices without throwing). */
    protected final void failed(RuntimeException cause) {
        lastError = Redaction.text(String.valueOf(cause.getMessage()));
        LOG.log(System.Logger.Level.WARNING, thread.getName() + " starts over after: " + lastError);
    }

    private void run() {
        while (running) {
            try {
                session();
            } catch (RuntimeException e) {
                if (running) {
                    failed(e);
                }
            }
            if (running) {
                restarts.incrementAndGet();
                LockSupport.parkNanos(retryBackoff.toNanos());
            }
        }
    }

    /** Stops the worker, waiting up to {@code timeout} for its session to end. */
    protected final void stop(Duration timeout) {
        running = false;
        interrupt();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
