package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One API watch served by a {@link WatchCache}: the cache offers it changes in order (never
 * blocking), and its own virtual thread sends them on, with a bookmark when the client allows and
 * nothing happened for a while. Sending blocks while the client does not read (the sink honours
 * the transport's back-pressure), so changes queue here; a watch {@link #MAX_BACKLOG} changes
 * behind is ended at once and its queue dropped, as upstream's cache forces an unresponsive
 * watcher closed: the client gets what was sent already, then the end, and lists again.
 */
final class CacheWatch implements AutoCloseable {
    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(CacheWatch.class.getName());
    /**
     * A watch further behind than the cache remembers is ended: so a client that stops reading
     * holds no more changes on the heap than the cache's own history does.
     */
    static final int MAX_BACKLOG = WatchCache.RECENT_EVENTS;

    private sealed interface Item {}

    private record Initial(ObjectNode object) implements Item {}

    private record Change(WatchCache.Change change) implements Item {}

    private record End() implements Item {}

    private final WatchCache cache;
    private final String prefix;
    private final ListOptions options;
    private final WatchSink sink;
    private final String node;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private volatile boolean ended;
    private long after;
    private int initial;

    CacheWatch(WatchCache cache, String prefix, ListOptions options, WatchSink sink, String node) {
        this.cache = cache;
        this.prefix = prefix;
        this.options = options;
        this.sink = sink;
        this.node = node;
    }

    String prefix() {
        return prefix;
    }

    String node() {
        return node;
    }

    void startAfter(long revision) {
        this.after = revision;
    }

    void offerInitial(ObjectNode object) {
        initial++;
        queue.add(new Initial(object));
    }

    /** Called by the cache, in revision order, under its lock: must not block. */
    void offer(WatchCache.Change change) {
        if (ended || !change.key().startsWith(prefix)) {
            return;
        }
        if (queue.size() >= MAX_BACKLOG + initial) {
            LOG.info("Forcing watcher close due to unresponsiveness: " + prefix + " is "
                    + queue.size() + " changes behind");
            ended = true;
            queue.clear(); // what the client has not been sent is not kept for it
            queue.add(new End());
            return;
        }
        queue.add(new Change(change));
    }

    void end() {
        ended = true;
        queue.add(new End());
    }

    void start() {
        Thread.ofVirtual().name("watch " + prefix).start(this::run);
    }

    private void run() {
        long lastSent = after;
        long bookmarkNanos = TimeUnit.SECONDS.toNanos(Watcher.BOOKMARK_SECONDS);
        long lastActivity = System.nanoTime();
        try {
            while (true) {
                Item item = queue.poll(1, TimeUnit.SECONDS);
                if (item == null) {
                    if (options.allowBookmarks()
                            && System.nanoTime() - lastActivity >= bookmarkNanos) {
                        long rv = Math.max(lastSent, cache.revision());
                        if (queue.isEmpty() && !ended) {
                            sink.send("BOOKMARK", WatchCache.bookmark(cache.registry(), rv));
                            lastSent = rv;
                        }
                        lastActivity = System.nanoTime();
                    }
                    continue;
                }
                lastActivity = System.nanoTime();
                switch (item) {
                    case Initial i -> sink.send("ADDED", i.object());
                    case Change c -> {
                        WatchCache.Change ch = c.change();
                        if (ch.revision() <= after) {
                            continue;
                        }
                        String type = Watcher.translate(options, ch.current(), ch.previous());
                        if (type != null) {
                            sink.send(type, ch.current() != null ? ch.current() : ch.previous());
                        }
                        lastSent = ch.revision();
                    }
                    case End e -> {
                        sink.end();
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
            cache.unregister(this);
        }
    }

    @Override
    public void close() {
        end();
    }
}
