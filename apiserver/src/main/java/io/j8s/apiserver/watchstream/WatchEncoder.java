package io.j8s.apiserver.watchstream;

import io.j8s.apiserver.endpoints.Reply;

/**
 * The wire half of a {@link WatchStream}: how one watch's events reach the client. Two exist,
 * JSON lines in a chunked HTTP response ({@link ChunkedWatchEncoder}) and one WebSocket text
 * frame per event ({@link WebSocketWatchEncoder}); everything else about a watch is shared.
 */
public interface WatchEncoder {

    /** The watch has started: a chunked response sends its head now if no event has. */
    void open();

    /** Queues one event's JSON for the client; never blocks. */
    void write(byte[] event);

    /**
     * True while more than the transport's write queue holds is waiting for the client, or once
     * the client is gone.
     */
    boolean writeQueueFull();

    /** Runs {@code drained} on the event loop when a full write queue has room again. */
    void drainHandler(Runnable drained);

    /** Runs {@code closed} on the event loop when the client goes away. */
    void closeHandler(Runnable closed);

    /**
     * The watch could not start: the client gets this Status instead of a stream (or, if events
     * went out already, the end of the stream).
     */
    void refuse(Reply.Body status);

    /** No event follows: what was queued reaches the client, then the end of the stream. */
    void end();
}
