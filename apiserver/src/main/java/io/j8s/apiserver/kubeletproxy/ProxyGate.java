package io.j8s.apiserver.kubeletproxy;

import io.j8s.apiserver.endpoints.RequestInfo;
import io.vertx.core.http.HttpServerRequest;

/** Authenticates and authorizes a request to a kubelet, as the transport does every request. */
@FunctionalInterface
public interface ProxyGate {

    /** Returns when {@code req}, asking for {@code info}, may go on; else throws the 401 or 403. */
    void check(HttpServerRequest req, RequestInfo info);
}
