package io.j8s.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.Registry;
import java.util.List;
import java.util.Map;

/** What the handler answers: a body, or a watch for the frontend to stream. */
public sealed interface Reply {

    /**
     * A whole answer. {@code cacheControl} is {@code no-cache, private} unless said otherwise; each
     * of {@code warnings} becomes a {@code Warning: 299 - "..."} header; {@code headers} are sent
     * as they are (ETag, Vary). A null {@code contentType} sends none, as a 304 does.
     */
    record Body(int code, String contentType, byte[] bytes, String cacheControl,
            List<String> warnings, Map<String, String> headers) implements Reply {
        public Body {
            headers = Map.copyOf(headers);
        }

        public Body(int code, String contentType, byte[] bytes) {
            this(code, contentType, bytes, "no-cache, private", List.of(), Map.of());
        }

        Body(int code, String contentType, byte[] bytes, String cacheControl) {
            this(code, contentType, bytes, cacheControl, List.of(), Map.of());
        }

        public Body withWarnings(List<String> more) {
            return more.isEmpty() ? this : new Body(code, contentType, bytes, cacheControl,
                    java.util.stream.Stream.concat(warnings.stream(), more.stream()).toList(),
                    headers);
        }
    }

    /** @param table turns each event's object into a Table row, or null to send objects */
    record Watch(Registry registry, String namespace, ListOptions options, boolean yaml,
            java.util.function.UnaryOperator<ObjectNode> table) implements Reply {}
}
