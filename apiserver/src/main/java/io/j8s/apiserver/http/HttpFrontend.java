package io.j8s.apiserver.http;

import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.RequestCredentials;
import io.j8s.apiserver.registry.Registries;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The Vert.x side: reads each request's body (at most 3 MiB, as upstream), runs it on a virtual
 * thread through the {@link ApiHandler}, writes the answer, and hands watches to a
 * {@link WatchStream} (JSON lines over a chunked response, or WebSocket frames).
 */
public final class HttpFrontend implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpFrontend.class.getName());
    static final int MAX_BODY = 3 * 1024 * 1024;

    private final Vertx vertx;
    private final HttpServer server;
    private final ApiHandler handler;
    private final Gate gate;
    private final ApiMetrics metrics = new ApiMetrics();
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final PodStreamProxy podStreams;
    private final WatchStreams watches;

    private HttpFrontend(Vertx vertx, HttpServer server, ApiHandler handler, Gate gate,
            Registries registries, KubeletClientTls kubeletTls, WatchTimeout watchTimeout) {
        this.vertx = vertx;
        this.server = server;
        this.handler = handler;
        this.gate = gate;
        this.podStreams = new PodStreamProxy(vertx, registries, gate, kubeletTls, requests);
        this.watches = new WatchStreams(vertx, requests, watchTimeout);
    }

    /**
     * Starts serving; {@code port} 0 picks a free one. A null {@code authenticator} admits every
     * request as a cluster admin, which only tests on loopback may ask for. Without
     * {@code kubeletTls} the pods' log, exec, attach and portforward cannot reach a kubelet. A
     * watch without {@code timeoutSeconds} ends after a random time between
     * {@code minRequestTimeout} and twice that (never, for zero).
     */
    public static HttpFrontend start(Registries registries, HttpServerOptions options, String host,
            int port, Authenticator authenticator, Authorizer authorizer, java.time.Clock clock,
            KubeletClientTls kubeletTls, java.time.Duration minRequestTimeout) {
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer(options);
        ApiHandler handler = new ApiHandler(registries, host + ":" + port, clock,
                new Reviews(authenticator, authorizer));
        Gate gate = authenticator == null ? Gate.anonymousAdmin()
                : new Gate(authenticator, authorizer);
        HttpFrontend frontend = new HttpFrontend(vertx, server, handler, gate, registries,
                kubeletTls, new WatchTimeout(minRequestTimeout, new java.util.SplittableRandom()));
        server.requestHandler(frontend::accept);
        try {
            server.listen(port, host).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": "
                    + cause.getMessage(), cause);
        }
        return frontend;
    }

    public int port() {
        return server.actualPort();
    }

    private void accept(HttpServerRequest req) {
        if (PodStreamProxy.serves(req.path())) {
            // log, exec, attach, portforward: proxied to the kubelet, upgrades included.
            podStreams.serve(req);
            return;
        }
        if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade")) && req.method().name().equals("GET")) {
            // Watches over WebSocket (fabric8 asks for them): one text frame per event.
            req.toWebSocket().onSuccess(ws -> requests.execute(() -> watchOverWebSocket(req, ws)))
                    .onFailure(e -> LOG.log(Level.FINE, "WebSocket upgrade failed", e));
            return;
        }
        String length = req.getHeader("Content-Length");
        if (length != null && parseLong(length) > MAX_BODY) {
            tooLarge(req);
            return;
        }
        Buffer body = Buffer.buffer();
        AtomicBoolean over = new AtomicBoolean();
        req.handler(chunk -> {
            if (over.get()) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY) {
                over.set(true);
                tooLarge(req);
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (!over.get()) {
                requests.execute(() -> serve(req, body.getBytes()));
            }
        });
    }

    private void tooLarge(HttpServerRequest req) {
        StatusException e = StatusException.tooLarge("the request body is larger than "
                + MAX_BODY + " bytes");
        HttpServerResponse r = req.response();
        if (!r.ended()) {
            r.setStatusCode(413).putHeader("Content-Type", ApiHandler.JSON)
                    .putHeader("Connection", "close")
                    .end(Buffer.buffer(Json.statusBytes(e.status())))
                    .onComplete(x -> req.connection().close());
        }
    }

    /** The request as the handler sees it. */
    private static ApiRequest apiRequest(HttpServerRequest req, byte[] body) {
        return new ApiRequest(req.method().name(), req.path(), query(req),
                req.getHeader("Content-Type"), req.getHeader("Accept"), body,
                req.getHeader("User-Agent"), req.getHeader("If-None-Match"));
    }

    private void serve(HttpServerRequest req, byte[] body) {
        ApiRequest request = apiRequest(req, body);
        long started = System.nanoTime();
        Reply reply;
        try {
            request = request.by(gate.check(request.method(), request.path(), credentials(req)));
            reply = request.path().equals("/metrics") && request.method().equals("GET")
                    ? new Reply.Body(200, "text/plain; version=0.0.4; charset=utf-8",
                            metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    : handler.handle(request);
        } catch (StatusException e) {
            reply = ApiHandler.body(e.code(), e.status(), false);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // Whatever went wrong, the client gets an answer rather than a hung request.
            LOG.log(Level.WARNING, req.method() + " " + req.path() + " failed", e);
            StatusException internal = StatusException.internal("an error on the server ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ") has prevented the request from succeeding");
            reply = ApiHandler.body(500, internal.status(), false);
        }
        Gate.RequestAttributes attributes = Gate.RequestAttributes.of(request.method(),
                request.path());
        boolean resource = attributes.resourceRequest();
        metrics.record(reply instanceof Reply.Watch ? "watch" : attributes.verb(),
                resource ? attributes.resource() : "", reply instanceof Reply.Body b ? b.code() : 200,
                System.nanoTime() - started);
        switch (reply) {
            case Reply.Body b -> {
                HttpServerResponse response = warn(req.response(), b.warnings())
                        .setStatusCode(b.code()).putHeader("Cache-Control", b.cacheControl());
                if (b.contentType() != null) {
                    response.putHeader("Content-Type", b.contentType());
                }
                b.headers().forEach(response::putHeader);
                response.end(Buffer.buffer(b.bytes()));
            }
            case Reply.Watch w -> watches.serve(w, new ChunkedWatchEncoder(req));
        }
    }

    /** Upstream's warning headers: {@code 299 - "text"}, quotes and backslashes escaped. */
    private static HttpServerResponse warn(HttpServerResponse response, List<String> warnings) {
        for (String w : warnings) {
            response.headers().add("Warning", "299 - \"" + w.replace("\\", "\\\\")
                    .replace("\"", "\\\"") + "\"");
        }
        return response;
    }

    private void watchOverWebSocket(HttpServerRequest req, ServerWebSocket ws) {
        ApiRequest request = apiRequest(req, new byte[0]);
        long started = System.nanoTime();
        Gate.RequestAttributes attributes = Gate.RequestAttributes.of(request.method(),
                request.path());
        String resource = attributes.resourceRequest() ? attributes.resource() : "";
        try {
            gate.check(request.method(), request.path(), credentials(req));
            Reply reply = handler.handle(request);
            metrics.record(reply instanceof Reply.Watch ? "watch" : attributes.verb(), resource,
                    reply instanceof Reply.Body b ? b.code() : 200, System.nanoTime() - started);
            if (!(reply instanceof Reply.Watch w)) {
                Reply.Body b = (Reply.Body) reply;
                ws.writeTextMessage(new String(b.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .onComplete(x -> ws.close());
                return;
            }
            watches.serve(w, new WebSocketWatchEncoder(ws));
        } catch (StatusException e) {
            metrics.record("watch", resource, e.code(), System.nanoTime() - started);
            ws.writeTextMessage(new String(Json.bytes(e.status()),
                    java.nio.charset.StandardCharsets.UTF_8)).onComplete(x -> ws.close());
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "watch over WebSocket on " + req.path() + " failed", e);
            ws.close();
            return;
        }
    }

    /** Each query parameter's values, in order. */
    static Map<String, List<String>> query(HttpServerRequest req) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        req.params().forEach(e -> query.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                .add(e.getValue()));
        return query;
    }

    static RequestCredentials credentials(HttpServerRequest req) {
        List<X509Certificate> chain = new ArrayList<>();
        if (req.isSSL()) {
            try {
                for (Certificate c : req.connection().peerCertificates()) {
                    if (c instanceof X509Certificate x) {
                        chain.add(x);
                    }
                }
            } catch (SSLPeerUnverifiedException e) {
                // no client certificate
            }
        }
        return new RequestCredentials(chain, req.getHeader("Authorization"));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing the HTTP server", e);
        }
        requests.shutdownNow();
        podStreams.close();
        vertx.close();
    }
}
