package io.j8s.apiserver.http;

import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.Registry;
import java.util.List;

/** What the handler answers: a body, or a watch for the frontend to stream. */
sealed interface Reply {

    /** A response body; each of {@code warnings} becomes a {@code Warning: 299 - "..."} header. */
    record Body(int code, String contentType, byte[] bytes, List<String> warnings)
            implements Reply {
        Body(int code, String contentType, byte[] bytes) {
            this(code, contentType, bytes, List.of());
        }

        Body withWarnings(List<String> more) {
            return more.isEmpty() ? this : new Body(code, contentType, bytes,
                    java.util.stream.Stream.concat(warnings.stream(), more.stream()).toList());
        }
    }

    record Watch(Registry registry, String namespace, ListOptions options, boolean yaml)
            implements Reply {}
}
