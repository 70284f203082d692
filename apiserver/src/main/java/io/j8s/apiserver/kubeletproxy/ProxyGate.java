package io.j8s.apiserver.kubeletproxy;

import io.j8s.apiserver.endpoints.RequestInfo;
import io.vertx.core.http.HttpServerRequest;

/** Authenticates and authorizes a request before it goes to a kubelet, as for every other request. */
@FunctionalInterface
public interface ProxyGate {

    /** Returns when {@code req}, asking for {@code info}, may go on; throws the 401 or 403 to answer. */
    void check(HttpServerRequest req, RequestInfo info);
}
