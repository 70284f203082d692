package io.j8s.apiserver.http;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What the watches of one frontend share: timers, the threads that end them, their timeout rule,
 * the JSON of recent events, and how long a client may leave a full write queue unread before
 * its watch is ended.
 */
record WatchStreams(Vertx vertx, Executor executor, WatchTimeout timeout, SharedEventJson events,
        long stallNanos) {
    /** Upstream closes an unresponsive watcher after a short budget; we allow half a minute. */
    static final Duration STALL = Duration.ofSeconds(30);

    WatchStreams(Vertx vertx, Executor executor, WatchTimeout timeout) {
        this(vertx, executor, timeout, new SharedEventJson(), STALL.toNanos());
    }

    /** Streams {@code watch} through {@code encoder} until it ends. */
    void serve(Reply.Watch watch, WatchEncoder encoder) {
        new WatchStream(this, watch, encoder).start();
    }
}
