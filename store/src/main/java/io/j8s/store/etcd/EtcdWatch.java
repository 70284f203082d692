package io.j8s.store.etcd;

import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.j8s.store.CompactedException;
import io.j8s.store.KeyValue;
import io.j8s.store.StoreException;
import io.j8s.store.Watch;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One store watch. jetcd's callbacks only queue signals; a virtual thread of this watch takes them
 * in order and calls the listener under a lock that {@link #close()} also takes, so no call
 * overlaps another and none follows close.
 *
 * <p>etcd is asked for the events from {@code fromRevision} itself, one more than the store
 * delivers: so etcd refuses the watch as compacted exactly when the contract does ("older than the
 * last compaction"), even for a compaction that another client made.
 *
 * <p>When etcd's stream fails, this watch does not let jetcd resume it (jetcd 0.8.5 may resume
 * from the revision etcd reported at creation and so skip the catch-up events): it drops that
 * jetcd watcher and opens a new one from the revision after the last event it queued.
 */
final class EtcdWatch implements Watch {
    private static final Logger LOG = Logger.getLogger(EtcdWatch.class.getName());
    private static final Duration RETRY_DELAY = Duration.ofMillis(500);
    private static final Duration END_TIMEOUT = Duration.ofSeconds(10);

    private sealed interface Signal {}

    private record Events(List<WatchEvent> events) implements Signal {}

    private record Retry(Throwable cause) implements Signal {}

    /** The watch is over; {@code tellListener} says whether the listener hears of it. */
    private record End(StoreException cause, boolean tellListener) implements Signal {}

    private final io.etcd.jetcd.Watch client;
    private final KeyRange range;
    private final WatchListener listener;
    private final CompactRevision compaction;
    private final EtcdCall call;
    private final Consumer<EtcdWatch> onEnd;
    private final BlockingDeque<Signal> inbox = new LinkedBlockingDeque<>();
    private final ReentrantLock delivery = new ReentrantLock();
    private volatile boolean closed;
    private long nextRevision;
    private Attempt attempt;
    private volatile Thread thread;

    EtcdWatch(io.etcd.jetcd.Watch client, KeyRange range, long fromRevision, WatchListener listener,
            CompactRevision compaction, EtcdCall call, Consumer<EtcdWatch> onEnd) {
        this.client = client;
        this.range = range;
        this.listener = listener;
        this.compaction = compaction;
        this.call = call;
        this.onEnd = onEnd;
        this.nextRevision = fromRevision + 1;
    }

    void start() {
        thread = Thread.ofVirtual().name("etcd-watch-" + range.start()).start(this::run);
    }

    /** Stops delivery; once this returns the listener hears nothing more, not even onClosed. */
    @Override
    public void close() {
        delivery.lock();
        try {
            closed = true;
        } finally {
            delivery.unlock();
        }
        inbox.addFirst(new End(null, false));
    }

    /** Ends the watch because the store closes: the listener gets onClosed(null), then nothing. */
    void endByStore() {
        inbox.addFirst(new End(null, true));
    }

    /** Waits until the watch thread is done, unless it is the caller. */
    void awaitEnd() {
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            if (!t.join(END_TIMEOUT)) {
                LOG.warning("a watch listener of " + call.endpoints() + " did not return within "
                        + EtcdCall.seconds(END_TIMEOUT) + " of the store closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            open();
            while (true) {
                Signal signal = inbox.take();
                if (signal instanceof Events e) {
                    deliver(e.events());
                } else if (signal instanceof Retry r) {
                    retire();
                    LOG.log(Level.FINE, "etcd watch failed, reopening it", r.cause());
                    Signal early = inbox.poll(RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                    if (early instanceof End end) {
                        finish(end);
                        return;
                    }
                    open();
                } else if (signal instanceof End end) {
                    finish(end);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            retire();
            onEnd.accept(this);
        }
    }

    private void open() {
        long from = nextRevision - 1;
        long compacted = compaction.known();
        if (from < compacted) {
            inbox.addFirst(new End(new CompactedException(from, compacted), true));
            return;
        }
        Attempt next = new Attempt(from);
        WatchOption option = WatchOption.builder()
                .withRange(range.end())
                .withRevision(Math.max(1, from))
                .withPrevKV(true)
                .build();
        try {
            next.watcher = client.watch(range.start(), option, next);
            attempt = next;
        } catch (RuntimeException e) {
            inbox.addFirst(new End(call.translate(e, "watch"), true));
        }
    }

    private void retire() {
        Attempt current = attempt;
        attempt = null;
        if (current != null) {
            current.retired = true;
            if (current.watcher != null) {
                current.watcher.close();
            }
        }
    }

    private void deliver(List<WatchEvent> events) {
        for (WatchEvent event : events) {
            nextRevision = Math.max(nextRevision, event.revision() + 1);
            delivery.lock();
            try {
                if (closed) {
                    return;
                }
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a watch listener failed on " + event.key() + " at revision "
                        + event.revision(), e);
            } finally {
                delivery.unlock();
            }
        }
    }

    private void finish(End end) {
        retire();
        if (!end.tellListener()) {
            return;
        }
        delivery.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            listener.onClosed(end.cause());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a watch listener failed in onClosed", e);
        } finally {
            delivery.unlock();
        }
    }

    /**
     * One jetcd watcher from revision {@code from}, whose events at {@code from} were delivered
     * already; its callbacks only queue. A retired attempt is ignored.
     */
    private final class Attempt implements io.etcd.jetcd.Watch.Listener {
        private final long from;
        volatile boolean retired;
        volatile io.etcd.jetcd.Watch.Watcher watcher;

        Attempt(long from) {
            this.from = from;
        }

        @Override
        public void onNext(WatchResponse response) {
            if (retired) {
                return;
            }
            List<WatchEvent> events = new ArrayList<>(response.getEvents().size());
            for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
                WatchEvent event = toEvent(e);
                if (event != null && event.revision() > from) {
                    events.add(event);
                }
            }
            if (!events.isEmpty()) {
                inbox.add(new Events(events));
            }
        }

        @Override
        public void onError(Throwable error) {
            if (retired) {
                return;
            }
            retired = true;
            if (error instanceof io.etcd.jetcd.common.exception.CompactedException c) {
                compaction.learn(c.getCompactedRevision());
                inbox.add(new End(new CompactedException(from, c.getCompactedRevision()), true));
                return;
            }
            StoreException failure = call.translate(error, "watch");
            if (failure instanceof EtcdCall.OutOfRange) {
                inbox.add(new End(new StoreException("etcd ended the watch from revision " + from
                        + ": " + failure.getMessage()), true));
                return;
            }
            inbox.add(new Retry(error));
        }

        @Override
        public void onCompleted() {
            if (!retired) {
                retired = true;
                inbox.add(new Retry(null));
            }
        }
    }

    /** The store's event for one of etcd's; null for an event type etcd may add one day. */
    static WatchEvent toEvent(io.etcd.jetcd.watch.WatchEvent e) {
        io.etcd.jetcd.KeyValue kv = e.getKeyValue();
        io.etcd.jetcd.KeyValue prev = e.getPrevKV();
        // jetcd hands an empty KeyValue, never null, when etcd sent no previous value.
        KeyValue previous = prev != null && prev.getCreateRevision() > 0
                ? EtcdStore.toKeyValue(prev) : null;
        return switch (e.getEventType()) {
            case PUT -> WatchEvent.put(EtcdStore.toKeyValue(kv), previous);
            case DELETE -> WatchEvent.delete(previous != null ? previous
                    : new KeyValue(EtcdStore.keyOf(kv), new byte[0], 0, 0), kv.getModRevision());
            default -> null;
        };
    }
}
