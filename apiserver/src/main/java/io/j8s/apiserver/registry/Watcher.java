package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.store.CompactedException;
import io.j8s.store.StoreException;
import io.j8s.store.Watch;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One API watch over a store watch: turns store events into ADDED, MODIFIED and DELETED as the
 * selectors see them (an object that stops matching is DELETED for this watch, one that starts
 * matching is ADDED), sends the current objects first when asked to watch from "now", sends
 * bookmarks when the client allows them, and a 410 ERROR event when its start is compacted away.
 */
final class Watcher implements WatchListener, AutoCloseable {
    private static final ScheduledExecutorService BOOKMARKS =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "watch-bookmarks");
                t.setDaemon(true);
                return t;
            });
    static final long BOOKMARK_SECONDS = 5;

    private final Registry registry;
    private final ListOptions options;
    private final WatchSink sink;
    private final long from;
    private volatile long lastRevision;
    private long lastBookmark;
    private volatile boolean ended;
    /** Held while an event goes to the sink, which may block on a slow client. */
    private final ReentrantLock delivering = new ReentrantLock();
    private Watch watch;
    private ScheduledFuture<?> bookmarks;

    private Watcher(Registry registry, ListOptions options, WatchSink sink, long from) {
        this.registry = registry;
        this.options = options;
        this.sink = sink;
        this.from = from;
        this.lastRevision = from;
        this.lastBookmark = from;
    }

    static AutoCloseable start(Registry registry, String namespace, ListOptions options,
            WatchSink sink) {
        String rv = options.resourceVersion();
        long from;
        Watcher w;
        if (rv.isEmpty() || rv.equals("0")) {
            ListResult all = registry.list(namespace, new ListOptions(options.labelSelector(),
                    options.fieldSelector(), "", "", 0, "", false, 0));
            from = Long.parseLong(all.resourceVersion());
            w = new Watcher(registry, options, sink, from);
            w.delivering.lock();
            try {
                for (ObjectNode o : all.items()) {
                    sink.send("ADDED", o);
                }
            } finally {
                w.delivering.unlock();
            }
        } else {
            from = Lister.parseRevision(rv);
            ListOptions checked = options;
            registry.list(namespace, new ListOptions(checked.labelSelector(),
                    checked.fieldSelector(), "", "", 1, "", false, 0)); // validates selectors
            w = new Watcher(registry, options, sink, from);
        }
        w.watch = Registry.call(() -> registry.store().watch(registry.type().prefix(namespace),
                from, w));
        if (options.allowBookmarks()) {
            w.delivering.lock();
            try {
                // A watch from a compacted revision may have ended already: no timer for it.
                if (!w.ended) {
                    w.bookmarks = BOOKMARKS.scheduleWithFixedDelay(w::bookmark, BOOKMARK_SECONDS,
                            BOOKMARK_SECONDS, TimeUnit.SECONDS);
                }
            } finally {
                w.delivering.unlock();
            }
        }
        return w;
    }

    @Override
    public void onEvent(WatchEvent event) {
        delivering.lock();
        try {
            if (ended) {
                return;
            }
            lastRevision = event.revision();
            ObjectNode current = event.current() == null ? null
                    : registry.decode(event.current());
            ObjectNode previous = previousOf(registry, event);
            String type = translate(options, current, previous);
            if (type != null) {
                sink.send(type, current != null ? current : previous);
            }
        } finally {
            delivering.unlock();
        }
    }

    /** The object before a change; for a delete, at the revision of the delete. */
    static ObjectNode previousOf(Registry registry, WatchEvent event) {
        if (event.previous() == null) {
            return null;
        }
        ObjectNode previous = registry.decode(event.previous());
        if (event.type() == WatchEvent.Type.DELETE) {
            Meta.of(previous).put("resourceVersion", Long.toString(event.revision()));
        }
        return previous;
    }

    /**
     * What a change is to a watch with these selectors: ADDED when the object starts matching,
     * MODIFIED while it matches, DELETED when it stops matching or is deleted; null when the
     * watch does not see it. {@code current} is null for a delete.
     */
    static String translate(ListOptions options, ObjectNode current, ObjectNode previous) {
        boolean matched = previous != null && Lister.matches(previous, options);
        if (current == null) {
            return matched ? "DELETED" : null;
        }
        boolean matches = Lister.matches(current, options);
        if (matches) {
            return matched ? "MODIFIED" : "ADDED";
        }
        return matched ? "DELETED" : null;
    }

    @Override
    public void onClosed(StoreException cause) {
        delivering.lock();
        try {
            if (ended) {
                return;
            }
            if (cause instanceof CompactedException c) {
                StatusException gone = StatusException.expired("too old resource version: "
                        + from + " (" + c.compactRevision() + ")");
                sink.send("ERROR", Json.tree(gone.status()));
            }
            end();
        } finally {
            delivering.unlock();
        }
    }

    /** Runs on the shared bookmark thread: skipped while an event is on its way to the client. */
    private void bookmark() {
        if (!delivering.tryLock()) {
            return;
        }
        try {
            long rv = lastRevision;
            if (ended || rv == lastBookmark) {
                return;
            }
            lastBookmark = rv;
            sink.send("BOOKMARK", WatchCache.bookmark(registry, rv));
        } finally {
            delivering.unlock();
        }
    }

    private void end() {
        ended = true;
        if (bookmarks != null) {
            bookmarks.cancel(false);
        }
        sink.end();
    }

    @Override
    public void close() {
        ended = true;
        if (bookmarks != null) {
            bookmarks.cancel(false);
        }
        if (watch != null) {
            watch.close();
        }
    }
}
