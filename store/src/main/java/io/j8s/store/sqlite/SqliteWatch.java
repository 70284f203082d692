package io.j8s.store.sqlite;

import io.j8s.store.StoreException;
import io.j8s.store.Watch;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One watch: a virtual thread that follows the {@link EventWindow} from a revision on, reading the
 * log instead whenever the events it needs have left the window, and hands the events under its
 * prefix to the listener one at a time.
 */
final class SqliteWatch implements Watch, Runnable {
    private static final Logger LOG = Logger.getLogger(SqliteWatch.class.getName());
    private static final int BATCH = 1024;

    /** Reads events from the log when the window no longer has them. */
    interface History {
        List<WatchEvent> events(long after, long upTo, String prefix);
    }

    private final String prefix;
    private final WatchListener listener;
    private final EventWindow window;
    private final History history;
    private final Set<SqliteWatch> running;
    private final ReentrantLock delivery = new ReentrantLock();
    private volatile boolean closed;
    private long after;

    SqliteWatch(String prefix, long after, WatchListener listener, EventWindow window,
            History history, Set<SqliteWatch> running) {
        this.prefix = prefix;
        this.after = after;
        this.listener = listener;
        this.window = window;
        this.history = history;
        this.running = running;
    }

    void start() {
        running.add(this);
        Thread.ofVirtual().name("sqlite-watch " + prefix).start(this);
    }

    @Override
    public void run() {
        StoreException cause = null;
        try {
            while (!closed) {
                List<WatchEvent> events = window.await(after, BATCH, 1000);
                if (events == null) {
                    break;
                }
                long upTo = after + events.size();
                if (events == EventWindow.EVICTED) {
                    upTo = Math.min(window.last(), after + BATCH);
                    events = history.events(after, upTo, prefix);
                }
                for (WatchEvent e : events) {
                    if (e.key().startsWith(prefix) && !deliver(e)) {
                        return;
                    }
                }
                after = upTo;
            }
        } catch (StoreException e) {
            cause = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "watch on " + prefix + " failed", e);
            cause = new StoreException("watch failed: " + e.getMessage(), e);
        }
        end(cause);
    }

    /** Hands one event over unless the watch was closed; false once it is. */
    private boolean deliver(WatchEvent e) {
        delivery.lock();
        try {
            if (closed) {
                return false;
            }
            listener.onEvent(e);
            return true;
        } finally {
            delivery.unlock();
        }
    }

    /** Ends the watch because the store is closing: the listener hears of it, once. */
    void storeClosed() {
        end(null);
    }

    private void end(StoreException cause) {
        running.remove(this);
        delivery.lock();
        try {
            if (!closed) {
                closed = true;
                listener.onClosed(cause);
            }
        } finally {
            delivery.unlock();
        }
    }

    @Override
    public void close() {
        running.remove(this);
        closed = true;
        // Waits for an event being handed over right now, unless we are that listener ourselves.
        delivery.lock();
        delivery.unlock();
    }
}
