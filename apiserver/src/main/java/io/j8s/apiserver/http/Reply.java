package io.j8s.apiserver.http;

import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.Registry;

/** What the handler answers: a body, or a watch for the frontend to stream. */
sealed interface Reply {

    record Body(int code, String contentType, byte[] bytes) implements Reply {}

    record Watch(Registry registry, String namespace, ListOptions options, boolean yaml)
            implements Reply {}
}
