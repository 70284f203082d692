package io.j8s.apiserver.openapi;

import java.util.List;
import java.util.Map;

/**
 * One operation on a path, as upstream's apiserver describes it.
 *
 * @param method {@code get}, {@code put}, {@code post}, {@code delete} or {@code patch}
 * @param action {@code x-kubernetes-action}: get, list, watch, watchlist, post, put, patch,
 *     delete or deletecollection
 * @param body the definition the request body carries, or empty when it has none
 * @param bodyRequired whether a request body must be sent
 * @param consumes the media types of the request body
 * @param produces the media types of the response
 * @param responses the definition answered per status code; an empty name means no body
 */
record Operation(String method, String operationId, String description, String tag,
        String action, GroupVersionKind kind, List<Parameter> parameters, String body,
        boolean bodyRequired, List<String> consumes, List<String> produces,
        Map<String, String> responses) {

    Operation {
        parameters = List.copyOf(parameters);
        consumes = List.copyOf(consumes);
        produces = List.copyOf(produces);
        responses = Map.copyOf(responses);
    }
}
