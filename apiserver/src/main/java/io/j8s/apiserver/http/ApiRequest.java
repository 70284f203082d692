package io.j8s.apiserver.http;

import java.util.List;
import java.util.Map;

/**
 * One request as the handler sees it, free of Vert.x so it can be driven by tests.
 *
 * @param query each query parameter's values, in order
 * @param ifNoneMatch the If-None-Match header, or null
 */
record ApiRequest(String method, String path, Map<String, List<String>> query, String contentType,
        String accept, byte[] body, String userAgent, String ifNoneMatch) {

    ApiRequest(String method, String path, Map<String, List<String>> query, String contentType,
            String accept, byte[] body, String userAgent) {
        this(method, path, query, contentType, accept, body, userAgent, null);
    }

    String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? "" : v.getFirst();
    }

    boolean flag(String name) {
        String v = param(name);
        return v.equals("true") || v.equals("1");
    }
}
