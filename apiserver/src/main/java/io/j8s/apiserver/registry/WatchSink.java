package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a watch sends its events: ADDED, MODIFIED, DELETED, BOOKMARK and ERROR. */
public interface WatchSink {
    /**
     * One event; calls for one watch never overlap. It may block while the client is not reading
     * (back-pressure), so a watch calls it from a thread of its own, never under a shared lock.
     */
    void send(String type, ObjectNode object);

    /** The watch has ended on the server's side; no event follows. */
    void end();
}
