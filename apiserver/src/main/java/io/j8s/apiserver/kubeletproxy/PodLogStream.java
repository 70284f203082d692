package io.j8s.apiserver.kubeletproxy;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A container's log from the kubelet's {@code /containerLogs}, streamed to the client as it
 * arrives (so {@code kubectl logs -f} follows), with the kubelet's status and content type. A
 * kubelet's error answer is relayed whole; a client that leaves resets the kubelet's request.
 */
final class PodLogStream implements AutoCloseable {
    private static final Set<String> FRAMING = Set.of("connection", "transfer-encoding",
            "keep-alive", "content-length", "upgrade");
    /** Bytes of a kubelet's error answer the client gets at most. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpClient kubelets;

    PodLogStream(Vertx vertx, KubeletClientTls tls, int connectTimeoutMillis) {
        HttpClientOptions options = KubeletClientTls.applyTo(new HttpClientOptions(), tls)
                .setConnectTimeout(connectTimeoutMillis)
                // Kubelet serving certificates carry the node's IP, not necessarily the name
                // the Node lists first; the chain to the cluster CA is what is checked.
                .setVerifyHost(false);
        // Each followed log holds a connection for as long as it lasts.
        this.kubelets = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(4096));
    }

    /** Streams {@code uri} of the kubelet at {@code target}; runs on the request's event loop. */
    void stream(HttpServerRequest req, PodKubelet target, String uri,
            Consumer<Throwable> failure) {
        HttpServerResponse out = req.response();
        if (!target.scheduled()) {
            // Upstream has no location for a pod that no node runs yet: 204, no body.
            out.setStatusCode(204).end();
            return;
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(target.host()).setPort(target.port()).setURI(uri);
        kubelets.request(options).compose(r -> r.send()).onComplete(ar -> {
            if (ar.failed()) {
                failure.accept(ar.cause());
                return;
            }
            HttpClientResponse in = ar.result();
            if (out.closed()) {
                in.request().reset();
                return;
            }
            out.closeHandler(v -> in.request().reset());
            out.setStatusCode(in.statusCode());
            copyHeaders(in.headers(), out.headers());
            if (in.statusCode() / 100 != 2) {
                relayBody(in, out);
                return;
            }
            out.setChunked(true);
            // Sends the head now, so that a client following an idle log sees it at once.
            out.write(Buffer.buffer());
            in.pipeTo(out);
        });
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(h -> {
            if (!FRAMING.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                to.add(h.getKey(), h.getValue());
            }
        });
    }

    /** The kubelet's error answer, whole (it is small), or cut at {@link #MAX_ERROR_BODY}. */
    private static void relayBody(HttpClientResponse in, HttpServerResponse out) {
        Buffer body = Buffer.buffer();
        in.handler(chunk -> {
            if (body.length() < MAX_ERROR_BODY) {
                body.appendBuffer(chunk, 0, Math.min(chunk.length(),
                        MAX_ERROR_BODY - body.length()));
            }
        });
        in.exceptionHandler(e -> out.reset());
        in.endHandler(v -> {
            if (!out.ended()) {
                out.end(body);
            }
        });
    }

    @Override
    public void close() {
        kubelets.close();
    }
}
