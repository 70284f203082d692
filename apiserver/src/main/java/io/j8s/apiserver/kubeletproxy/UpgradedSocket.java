package io.j8s.apiserver.kubeletproxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers an HTTP/1.1 upgrade with 101 (and the headers set on the response) and hands back the
 * raw connection. Vert.x 4.5's {@link HttpServerRequest#toNetSocket()} does this only for a GET
 * upgrade (or CONNECT), but kubectl's SPDY exec, attach and port-forward upgrade a POST. The
 * response's own {@code netSocket(method, headers)}, which {@code toNetSocket()} calls, is asked
 * with GET for such a request: Vert.x checks the method only to choose between 200 and 101.
 */
final class UpgradedSocket {
    private static final Logger LOG = Logger.getLogger(UpgradedSocket.class.getName());
    private static final Method NET_SOCKET = find();

    private UpgradedSocket() {}

    /** The client's raw socket after a 101; fails when the request cannot be upgraded. */
    @SuppressWarnings("unchecked")
    static Future<NetSocket> of(HttpServerRequest req) {
        if (req.method() == HttpMethod.GET || NET_SOCKET == null
                || !NET_SOCKET.getDeclaringClass().isInstance(req.response())) {
            return req.toNetSocket();
        }
        try {
            return (Future<NetSocket>) NET_SOCKET.invoke(req.response(), HttpMethod.GET,
                    req.headers());
        } catch (InvocationTargetException e) {
            return Future.failedFuture(e.getCause());
        } catch (IllegalAccessException e) {
            return Future.failedFuture(e);
        }
    }

    private static Method find() {
        try {
            Method m = Class.forName("io.vertx.core.http.impl.Http1xServerResponse")
                    .getDeclaredMethod("netSocket", HttpMethod.class, MultiMap.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "this Vert.x cannot upgrade a POST (kubectl's SPDY exec and"
                    + " port-forward will fail)", e);
            return null;
        }
    }
}
