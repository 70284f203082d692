package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.Registry;

/** What the handler answers: a body, or a watch for the frontend to stream. */
sealed interface Reply {

    /** A whole answer; {@code cacheControl} is {@code no-cache, private} unless said otherwise. */
    record Body(int code, String contentType, byte[] bytes, String cacheControl) implements Reply {
        Body(int code, String contentType, byte[] bytes) {
            this(code, contentType, bytes, "no-cache, private");
        }
    }

    /** @param table turns each event's object into a Table row, or null to send objects */
    record Watch(Registry registry, String namespace, ListOptions options, boolean yaml,
            java.util.function.UnaryOperator<ObjectNode> table) implements Reply {}
}
