package io.j8s.apiserver.http;

import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.admission.AdmissionContext;
import io.j8s.apiserver.audit.AuditAttributes;
import io.j8s.apiserver.audit.AuditLog;
import io.j8s.apiserver.audit.AuditedRequest;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.RequestCredentials;
import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.endpoints.ApiHandler;
import io.j8s.apiserver.endpoints.ApiRequest;
import io.j8s.apiserver.endpoints.Reply;
import io.j8s.apiserver.endpoints.RequestInfo;
import io.j8s.apiserver.endpoints.Reviews;
import io.j8s.apiserver.kubeletproxy.KubeletClientTls;
import io.j8s.apiserver.kubeletproxy.PodStreamProxy;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.watchstream.ChunkedWatchEncoder;
import io.j8s.apiserver.watchstream.WatchStreams;
import io.j8s.apiserver.watchstream.WatchTimeout;
import io.j8s.apiserver.watchstream.WebSocketWatchEncoder;
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
 * The Vert.x side. Each request is parsed once ({@link RequestInfo}), authenticated, counted
 * against the in-flight limits and authorized before its body is read ({@link Gate},
 * {@link InFlightLimit}); then its body is read ({@link RequestBody}, at most 3 MiB), it runs on a
 * virtual thread through the {@link ApiHandler}, the answer is written, and watches go to a
 * {@link WatchStreams} (JSON lines over a chunked response, or WebSocket frames). Idle
 * connections and slow request headers are cut off ({@link ConnectionDeadlines}).
 */
public final class HttpFrontend implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpFrontend.class.getName());
    private static final byte[] TOO_MANY = "Too many requests, please try again later.\n"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final Vertx vertx;
    private final HttpServer server;
    private final ApiHandler handler;
    private final Gate gate;
    /** For admission that asks about the requesting user (the CEL authorizer). */
    private Authorizer authorizer;
    private final ApiMetrics metrics;
    private final InFlightLimit inFlight;
    private final ConnectionDeadlines deadlines;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final PodStreamProxy podStreams;
    private final WatchStreams watches;
    private final AuditLog audit;
    private volatile io.j8s.apiserver.aggregation.ApiServiceProxy aggregator;

    private HttpFrontend(Vertx vertx, HttpServer server, ApiHandler handler, Gate gate,
            Registries registries, KubeletClientTls kubeletTls, WatchTimeout watchTimeout,
            ServingLimits limits, AuditLog audit) {
        this.vertx = vertx;
        this.audit = audit;
        this.metrics = new ApiMetrics(registries.catalogue());
        this.inFlight = new InFlightLimit(limits.maxRequestsInFlight(),
                limits.maxMutatingRequestsInFlight());
        this.deadlines = new ConnectionDeadlines(vertx, limits.headerTimeout(),
                limits.idleTimeout());
        this.server = server;
        this.handler = handler;
        this.gate = gate;
        this.podStreams = new PodStreamProxy(vertx, registries,
                (req, info) -> gate.check(info, credentials(req), req.headers()), kubeletTls, requests);
        this.watches = new WatchStreams(vertx, requests, watchTimeout);
    }

    /**
     * Starts serving; {@code port} 0 picks a free one. A null {@code authenticator} admits every
     * request as a cluster admin, which only tests on loopback may ask for. Without
     * {@code kubeletTls} the pods' log, exec, attach and portforward cannot reach a kubelet. A
     * watch without {@code timeoutSeconds} ends after a random time between
     * {@code minRequestTimeout} and twice that (never, for zero). With {@code anonymousAuth},
     * requests without credentials are {@code system:anonymous} and go on to authorization;
     * without, they are refused with 401 except on the health and version endpoints.
     */
    public static HttpFrontend start(Registries registries, HttpServerOptions options, String host,
            int port, Authenticator authenticator, Authorizer authorizer, boolean anonymousAuth,
            java.time.Clock clock, KubeletClientTls kubeletTls,
            java.time.Duration minRequestTimeout, ServingLimits limits) {
        return start(registries, options, host, port, authenticator, authorizer, anonymousAuth,
                clock, kubeletTls, minRequestTimeout, limits, AuditLog.NONE, null);
    }

    /**
     * As above, with every request audited by {@code audit}, and the service account token and
     * issuer discovery endpoints served by {@code serviceAccounts} (none when null).
     */
    public static HttpFrontend start(Registries registries, HttpServerOptions options, String host,
            int port, Authenticator authenticator, Authorizer authorizer, boolean anonymousAuth,
            java.time.Clock clock, KubeletClientTls kubeletTls,
            java.time.Duration minRequestTimeout, ServingLimits limits, AuditLog audit,
            io.j8s.apiserver.serviceaccount.ServiceAccountEndpoints serviceAccounts) {
        Vertx vertx = Vertx.vertx();
        // No h2c (HTTP/2 over plain TCP): upstream does not serve it, and Vert.x would only
        // make the connection, and start its header deadline, once the first bytes arrive.
        HttpServer server = vertx.createHttpServer(new HttpServerOptions(options)
                .setHttp2ClearTextEnabled(false));
        ApiHandler handler = new ApiHandler(registries, host + ":" + port, clock,
                new Reviews(authenticator, authorizer), serviceAccounts);
        Gate gate = authenticator == null ? Gate.anonymousAdmin()
                : new Gate(authenticator, authorizer, anonymousAuth);
        HttpFrontend frontend = new HttpFrontend(vertx, server, handler, gate, registries,
                kubeletTls, new WatchTimeout(minRequestTimeout, new java.util.SplittableRandom()),
                limits, audit);
        frontend.authorizer = authorizer;
        server.connectionHandler(frontend.deadlines::opened);
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

    /**
     * Proxies the requests of APIServices served by a Service with {@code proxy}, and lists
     * their groups in discovery from {@code discovery}.
     */
    public void aggregate(io.j8s.apiserver.aggregation.ApiServiceProxy proxy,
            io.j8s.apiserver.endpoints.DiscoverySource discovery) {
        this.aggregator = proxy;
        handler.extraDiscovery(discovery);
    }

    private void accept(HttpServerRequest req) {
        long started = System.nanoTime();
        deadlines.requestArrived(req.connection());
        if (PodStreamProxy.serves(req.path())) {
            // log, exec, attach, portforward: proxied to the kubelet, upgrades included.
            podStreams.serve(req, query(req));
            return;
        }
        Map<String, List<String>> query = query(req);
        RequestInfo info = RequestInfo.parse(req.method().name(), req.path(), query);
        UserInfo user;
        Runnable release;
        AuditedRequest audited = null;
        try {
            user = gate.impersonate(gate.authenticate(info, credentials(req)), req.headers());
            audited = audit.begin(auditAttributes(info, user), req.uri(),
                    List.of(req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress()),
                    req.getHeader("User-Agent"));
            req.response().putHeader("Audit-Id", audited.auditId());
            release = inFlight.acquire(info, user);
            if (release == null) {
                tooManyRequests(req, info, started);
                audited.complete(429, null, null);
                return;
            }
            try {
                gate.authorize(info, user);
                audited.authorized(true, "");
            } catch (StatusException e) {
                release.run();
                audited.authorized(false, e.getMessage());
                throw e;
            }
        } catch (StatusException e) {
            refuse(req, info, e, started);
            if (audited != null) {
                audited.complete(e.code(), null, null);
            }
            return;
        }
        AuditedRequest auditedRequest = audited;
        boolean http1 = req.version() != io.vertx.core.http.HttpVersion.HTTP_2;
        req.response().endHandler(v -> {
            release.run();
            if (http1) {
                deadlines.answered(req.connection());
            }
        });
        req.response().closeHandler(v -> release.run());
        io.j8s.apiserver.aggregation.ApiServiceProxy proxy = aggregator;
        if (proxy != null && proxy.serve(req, user)) {
            return; // an aggregated API server answers
        }
        if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade")) && req.method().name().equals("GET")) {
            // Watches over WebSocket (fabric8 asks for them): one text frame per event. Like
            // every upgrade, long-running: it holds no in-flight place.
            release.run();
            req.toWebSocket().onSuccess(ws -> requests.execute(() -> watchOverWebSocket(req, ws,
                    info, user, auditedRequest)))
                    .onFailure(e -> LOG.log(Level.FINE, "WebSocket upgrade failed", e));
            return;
        }
        RequestBody.read(req, body -> requests.execute(() -> serve(req,
                apiRequest(req, query, info, user, body), started, auditedRequest)));
    }

    /** A request refused before its body was read: 401 or 403; an unread body closes the connection. */
    private void refuse(HttpServerRequest req, RequestInfo info, StatusException e, long started) {
        metrics.record(info, req.method().name(), req.getHeader("Content-Type"), e.code(),
                System.nanoTime() - started);
        Reply.Body b = ApiHandler.body(e.code(), e.status(), false);
        finishUnread(req, req.response().setStatusCode(b.code())
                .putHeader("Content-Type", b.contentType())
                .putHeader("Cache-Control", b.cacheControl()), b.bytes());
    }

    /** Upstream's answer beyond the in-flight limit: 429, {@code Retry-After: 1}, plain text. */
    private void tooManyRequests(HttpServerRequest req, RequestInfo info, long started) {
        metrics.record(info, req.method().name(), req.getHeader("Content-Type"), 429,
                System.nanoTime() - started);
        finishUnread(req, req.response().setStatusCode(429).putHeader("Retry-After", "1")
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff"), TOO_MANY);
    }

    /**
     * Ends a response whose request body was never read: the connection is closed after it, as
     * the rest of the body would otherwise be taken for the next request.
     */
    private void finishUnread(HttpServerRequest req, HttpServerResponse response, byte[] body) {
        if (!RequestBody.announced(req)) {
            response.end(Buffer.buffer(body));
            if (req.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                deadlines.answered(req.connection()); // kept alive: the next request is due
            }
            return;
        }
        response.putHeader("Connection", "close").end(Buffer.buffer(body))
                .onComplete(x -> req.connection().close());
    }

    /** The request as the handler sees it. */
    private static ApiRequest apiRequest(HttpServerRequest req, Map<String, List<String>> query,
            RequestInfo info, UserInfo user, byte[] body) {
        return new ApiRequest(req.method().name(), req.path(), query,
                req.getHeader("Content-Type"), req.getHeader("Accept"), body,
                req.getHeader("User-Agent"), req.getHeader("If-None-Match"), user, info);
    }

    private void serve(HttpServerRequest req, ApiRequest request, long started,
            AuditedRequest audited) {
        Reply reply;
        audited.requestBody(request.body(), request.contentType());
        AdmissionContext admission = new AdmissionContext(request.user(), authorizer,
                request.info().subresource(),
                request.query().getOrDefault("dryRun", List.of()).contains("All"));
        try {
            reply = request.path().equals("/metrics") && request.method().equals("GET")
                    ? new Reply.Body(200, "text/plain; version=0.0.4; charset=utf-8",
                            metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    : admission.run(() -> handler.handle(request));
        } catch (StatusException e) {
            reply = ApiHandler.body(e.code(), e.status(), false);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            audited.panic(e.getClass().getSimpleName() + ": " + e.getMessage());
            // Whatever went wrong, the client gets an answer rather than a hung request.
            LOG.log(Level.WARNING, req.method() + " " + req.path() + " failed", e);
            StatusException internal = StatusException.internal("an error on the server ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ") has prevented the request from succeeding");
            reply = ApiHandler.body(500, internal.status(), false);
        }
        metrics.record(request.info(), request.method(), request.contentType(),
                reply instanceof Reply.Body b ? b.code() : 200, System.nanoTime() - started);
        audited.annotate(admission.annotations());
        if (reply instanceof Reply.Body b && !admission.warnings().isEmpty()) {
            List<String> all = new java.util.ArrayList<>(b.warnings());
            admission.warnings().stream().filter(w -> !all.contains(w)).forEach(all::add);
            reply = new Reply.Body(b.code(), b.contentType(), b.bytes(), b.cacheControl(), all,
                    b.headers());
        }
        if (reply instanceof Reply.Body b) {
            audited.complete(b.code(), b.bytes(), b.contentType());
        } else {
            audited.responseStarted(200);
        }
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
            case Reply.Watch w -> watches.serve(w, new ChunkedWatchEncoder(req),
                    code -> audited.complete(code, null, null));
        }
    }

    /** What the audit policy matches a request on. */
    private static AuditAttributes auditAttributes(RequestInfo info, UserInfo user) {
        return new AuditAttributes(user.name(), user.groups(), info.verb(),
                info.resourceRequest(), info.path(), info.apiGroup(), info.apiVersion(),
                info.resource(), info.subresource(), info.namespace(), info.name());
    }

    /** Upstream's warning headers: {@code 299 - "text"}, quotes and backslashes escaped. */
    private static HttpServerResponse warn(HttpServerResponse response, List<String> warnings) {
        for (String w : warnings) {
            response.headers().add("Warning", "299 - \"" + w.replace("\\", "\\\\")
                    .replace("\"", "\\\"") + "\"");
        }
        return response;
    }

    private void watchOverWebSocket(HttpServerRequest req, ServerWebSocket ws, RequestInfo info,
            UserInfo user, AuditedRequest audited) {
        ApiRequest request = apiRequest(req, query(req), info, user, new byte[0]);
        long started = System.nanoTime();
        try {
            Reply reply = handler.handle(request);
            metrics.record(info, request.method(), null,
                    reply instanceof Reply.Body b ? b.code() : 200, System.nanoTime() - started);
            if (!(reply instanceof Reply.Watch w)) {
                Reply.Body b = (Reply.Body) reply;
                audited.complete(b.code(), b.bytes(), b.contentType());
                ws.writeTextMessage(new String(b.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .onComplete(x -> ws.close());
                return;
            }
            audited.responseStarted(101);
            watches.serve(w, new WebSocketWatchEncoder(ws), code -> audited.complete(
                    code == 200 ? 101 : code, null, null));
        } catch (StatusException e) {
            audited.complete(e.code(), null, null);
            metrics.record(info, request.method(), null, e.code(), System.nanoTime() - started);
            ws.writeTextMessage(new String(Json.statusBytes(e.status()),
                    java.nio.charset.StandardCharsets.UTF_8)).onComplete(x -> ws.close());
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "watch over WebSocket on " + req.path() + " failed", e);
            audited.panic(e.getClass().getSimpleName() + ": " + e.getMessage());
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
        io.vertx.core.MultiMap headers = req.headers();
        return new RequestCredentials(chain, req.getHeader("Authorization"),
                new RequestCredentials.Headers() {
                    @Override
                    public List<String> all(String name) {
                        return headers.getAll(name);
                    }

                    @Override
                    public java.util.Set<String> names() {
                        return headers.names();
                    }
                });
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
