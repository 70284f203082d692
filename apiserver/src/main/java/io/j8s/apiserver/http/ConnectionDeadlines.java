package io.j8s.apiserver.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops connections that hold the server without asking anything, as upstream's Go server does
 * with its {@code ReadHeaderTimeout} (32 s) and {@code IdleTimeout} (90 s): a new connection must
 * deliver its first request's headers within the header timeout (a client that sends half a
 * header and waits is cut off), and a kept-alive connection must start its next request within
 * the idle timeout. While a request is being answered (a watch for hours, say) no deadline runs.
 */
final class ConnectionDeadlines {
    private final Vertx vertx;
    private final long headerMillis;
    private final long idleMillis;
    /** The pending deadline of each connection that has one. */
    private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

    ConnectionDeadlines(Vertx vertx, java.time.Duration header, java.time.Duration idle) {
        this.vertx = vertx;
        this.headerMillis = Math.max(1, header.toMillis());
        this.idleMillis = Math.max(1, idle.toMillis());
    }

    /** A connection was accepted: its first request's headers are due. */
    void opened(HttpConnection connection) {
        arm(connection, headerMillis);
        connection.closeHandler(v -> disarm(connection));
    }

    /** A request's headers arrived: no deadline while it is answered. */
    void requestArrived(HttpConnection connection) {
        disarm(connection);
    }

    /** An answer was written on a connection that stays open: the next request is due. */
    void answered(HttpConnection connection) {
        arm(connection, idleMillis);
    }

    private void arm(HttpConnection connection, long millis) {
        long id = vertx.setTimer(millis, t -> {
            if (timers.remove(connection, t)) {
                connection.close();
            }
        });
        Long earlier = timers.put(connection, id);
        if (earlier != null) {
            vertx.cancelTimer(earlier);
        }
    }

    private void disarm(HttpConnection connection) {
        Long id = timers.remove(connection);
        if (id != null) {
            vertx.cancelTimer(id);
        }
    }
}
