package io.j8s.apiserver.watchstream;

import io.j8s.apiserver.endpoints.Reply;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What the watches of one frontend share: timers, the threads that end them, their timeout rule,
 * the JSON of recent events, and how long a client may leave a full write queue unread before
 * its watch is ended.
 */
public record WatchStreams(Vertx vertx, Executor executor, WatchTimeout timeout,
        SharedEventJson events, long stallNanos) {
    /** Upstream closes an unresponsive watcher after a short budget; we allow half a minute. */
    static final Duration STALL = Duration.ofSeconds(30);

    /** The watches of one frontend: timers on {@code vertx}, ends run on {@code executor}. */
    public WatchStreams(Vertx vertx, Executor executor, WatchTimeout timeout) {
        this(vertx, executor, timeout, new SharedEventJson(), STALL.toNanos());
    }

    /**
     * Streams {@code watch} through {@code encoder} until it ends, then tells {@code ended} the
     * status code it ended with: 200, or the refusal's when it could not start.
     */
    public void serve(Reply.Watch watch, WatchEncoder encoder, java.util.function.IntConsumer ended) {
        new WatchStream(this, watch, encoder, ended).start();
    }
}
