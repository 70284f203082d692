package io.j8s.apiserver.endpoints;

import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.registry.QueryBoolean;
import java.util.List;
import java.util.Map;

/**
 * One request as the handler sees it, free of Vert.x so it can be driven by tests.
 *
 * @param query each query parameter's values, in order
 * @param ifNoneMatch the If-None-Match header, or null
 * @param user who makes it, as authentication found
 * @param info what it asks for, parsed once by the frontend
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query,
        String contentType, String accept, byte[] body, String userAgent, String ifNoneMatch,
        UserInfo user, RequestInfo info) {

    ApiRequest(String method, String path, Map<String, List<String>> query, String contentType,
            String accept, byte[] body, String userAgent, String ifNoneMatch, UserInfo user) {
        this(method, path, query, contentType, accept, body, userAgent, ifNoneMatch, user,
                RequestInfo.parse(method, path, query));
    }

    /** A request of a cluster admin, as tests that drive the handler directly make them. */
    ApiRequest(String method, String path, Map<String, List<String>> query, String contentType,
            String accept, byte[] body, String userAgent, String ifNoneMatch) {
        this(method, path, query, contentType, accept, body, userAgent, ifNoneMatch,
                Reviews.ADMIN);
    }

    ApiRequest(String method, String path, Map<String, List<String>> query, String contentType,
            String accept, byte[] body, String userAgent) {
        this(method, path, query, contentType, accept, body, userAgent, null);
    }

    /** The same request, made by {@code who}. */
    ApiRequest by(UserInfo who) {
        return new ApiRequest(method, path, query, contentType, accept, body, userAgent,
                ifNoneMatch, who, info);
    }

    String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? "" : v.getFirst();
    }

    /**
     * A boolean query parameter as upstream's parameter codec reads it: absent is false; present,
     * only {@code 0} and {@code false} (any case) are false, so {@code ?watch}, {@code watch=}
     * and {@code watch=True} are all true.
     */
    boolean flag(String name) {
        List<String> v = query.get(name);
        return v != null && !v.isEmpty() && QueryBoolean.parse(v.getFirst());
    }
}
