package io.j8s.apiserver.kubeletproxy;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An upgrade request carried to the kubelet over a raw TLS connection: the client's request line
 * and headers go out as they came (less its credentials), the kubelet's response head is read
 * back, and then either both connections become one byte pipe (101) or the kubelet's answer is
 * relayed as an ordinary response. Vert.x's HTTP client tunnels only GET upgrades, and kubectl's
 * SPDY streams upgrade a POST, hence the hand-written HTTP/1.1 here.
 */
final class KubeletTunnel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KubeletTunnel.class.getName());
    /** Request headers that stay here: credentials for the API server and message framing. */
    private static final Set<String> NOT_FORWARDED = Set.of("authorization", "host",
            "content-length", "transfer-encoding", "keep-alive", "proxy-authorization",
            "proxy-connection", "te", "trailer", "expect");
    /** Response headers that describe the kubelet's framing, not the answer. */
    private static final Set<String> FRAMING = Set.of("connection", "transfer-encoding",
            "keep-alive", "content-length");
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final NetClient client;

    KubeletTunnel(Vertx vertx, KubeletClientTls tls, int connectTimeoutMillis) {
        NetClientOptions options = KubeletClientTls.applyTo(new NetClientOptions(), tls)
                .setConnectTimeout(connectTimeoutMillis)
                // The chain to the cluster CA is checked; kubelet certificates name node IPs.
                .setHostnameVerificationAlgorithm("");
        this.client = vertx.createNetClient(options);
    }

    /** Carries {@code req} to {@code uri} on the kubelet; runs on the request's event loop. */
    void open(HttpServerRequest req, PodKubelet target, String uri, Consumer<Throwable> failure) {
        client.connect(target.port(), target.host()).onComplete(ar -> {
            if (ar.failed()) {
                failure.accept(ar.cause());
                return;
            }
            NetSocket kubelet = ar.result();
            HttpServerResponse out = req.response();
            out.closeHandler(v -> kubelet.close());
            kubelet.write(Buffer.buffer(requestHead(req, target, uri)));
            Buffer head = Buffer.buffer();
            kubelet.closeHandler(v -> {
                if (!out.headWritten()) {
                    failure.accept(new java.io.EOFException("EOF"));
                }
            });
            kubelet.exceptionHandler(e -> kubelet.close());
            kubelet.handler(data -> {
                head.appendBuffer(data);
                int end = indexOfEmptyLine(head);
                if (end < 0) {
                    if (head.length() > MAX_HEAD) {
                        kubelet.close();
                    }
                    return;
                }
                kubelet.pause();
                kubelet.handler(null);
                kubelet.closeHandler(null);
                answered(req, kubelet, head.getString(0, end, "ISO-8859-1"),
                        head.getBuffer(end + 4, head.length()), failure);
            });
        });
    }

    private static String requestHead(HttpServerRequest req, PodKubelet target, String uri) {
        StringBuilder head = new StringBuilder(req.method().name()).append(' ').append(uri)
                .append(" HTTP/1.1\r\nHost: ").append(target.authority()).append("\r\n");
        req.headers().forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(name) && !name.startsWith("impersonate-")
                    && h.getValue().indexOf('\r') < 0 && h.getValue().indexOf('\n') < 0) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        });
        return head.append("\r\n").toString();
    }

    private void answered(HttpServerRequest req, NetSocket kubelet, String head, Buffer rest,
            Consumer<Throwable> failure) {
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            kubelet.close();
            failure.accept(new java.io.IOException("malformed HTTP response \"" + lines[0]
                    + "\""));
            return;
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(lines[i].substring(0, colon).trim(),
                        lines[i].substring(colon + 1).trim());
            }
        }
        HttpServerResponse out = req.response();
        if (status != 101) {
            out.setStatusCode(status);
            headers.forEach(h -> {
                if (!FRAMING.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    out.headers().add(h.getKey(), h.getValue());
                }
            });
            relayBody(kubelet, headers, rest, out);
            return;
        }
        // Vert.x answers the upgrade with 101 and these headers: the kubelet's
        // X-Stream-Protocol-Version, or its Sec-WebSocket-Accept and Sec-WebSocket-Protocol.
        headers.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("content-length") && !name.equals("transfer-encoding")) {
                out.headers().add(h.getKey(), h.getValue());
            }
        });
        UpgradedSocket.of(req).onComplete(upgraded -> {
            if (upgraded.failed()) {
                LOG.log(Level.FINE, "upgrading " + req.path() + " failed", upgraded.cause());
                kubelet.close();
                if (!out.headWritten()) {
                    out.headers().clear();
                    failure.accept(upgraded.cause());
                }
                return;
            }
            NetSocket user = upgraded.result();
            if (rest.length() > 0) {
                user.write(rest);
            }
            splice(user, kubelet);
        });
    }

    /** The body of a kubelet's refusal: by Content-Length, chunked, or until it closes. */
    private static void relayBody(NetSocket kubelet, MultiMap headers, Buffer first,
            HttpServerResponse out) {
        String length = headers.get("Content-Length");
        boolean chunked = headers.contains("Transfer-Encoding", "chunked", true);
        Buffer body = Buffer.buffer();
        Runnable finish = () -> {
            kubelet.handler(null);
            kubelet.closeHandler(null);
            kubelet.close();
            if (!out.ended()) {
                Buffer decoded = chunked ? ChunkedBody.decode(body) : body;
                out.end(decoded == null ? body : decoded);
            }
        };
        Consumer<Buffer> take = data -> {
            body.appendBuffer(data);
            boolean complete = length != null ? body.length() >= parse(length)
                    : chunked && ChunkedBody.decode(body) != null;
            if (complete || body.length() > MAX_ERROR_BODY) {
                finish.run();
            }
        };
        kubelet.handler(take::accept);
        kubelet.closeHandler(v -> finish.run());
        take.accept(first);
        kubelet.resume();
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Copies bytes both ways; when either side closes or fails, the other is closed too. */
    static void splice(NetSocket a, NetSocket b) {
        copy(a, b);
        copy(b, a);
        a.closeHandler(v -> b.close());
        b.closeHandler(v -> a.close());
        a.exceptionHandler(e -> a.close());
        b.exceptionHandler(e -> b.close());
        a.resume();
        b.resume();
    }

    private static void copy(NetSocket from, NetSocket to) {
        from.handler(data -> {
            to.write(data);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
    }

    private static int indexOfEmptyLine(Buffer b) {
        for (int i = 0; i + 3 < b.length(); i++) {
            if (b.getByte(i) == '\r' && b.getByte(i + 1) == '\n' && b.getByte(i + 2) == '\r'
                    && b.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        client.close();
    }
}
