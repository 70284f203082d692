package io.j8s.apiserver.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.authn.UserInfo;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's proxy handler of the kube-aggregator: a request under {@code /apis/GROUP/VERSION}
 * whose APIService names a Service, already authenticated and authorized here, is sent on over
 * HTTPS to the Service's endpoint (verified with the caBundle for {@code SVC.NS.svc}), showing
 * the front-proxy client certificate, with the caller's identity in {@code X-Remote-User},
 * {@code X-Remote-Group}, {@code X-Remote-Uid} and {@code X-Remote-Extra-*} in place of its
 * credentials. The answer streams back as it comes, so
 * watches pass through. An unavailable APIService or an unreachable backend gets 503.
 */
public final class ApiServiceProxy {
    private static final Logger LOG = Logger.getLogger(ApiServiceProxy.class.getName());
    /** Request headers that stay here: credentials, identity and message framing. */
    private static final Set<String> NOT_FORWARDED = Set.of("authorization", "host",
            "connection", "keep-alive", "proxy-authorization", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade");
    /** Response headers that describe the backend's framing, not the answer. */
    private static final Set<String> FRAMING = Set.of("connection", "transfer-encoding",
            "keep-alive");

    /** Where one APIService's requests go, from its last availability check. */
    record Backend(JsonNode spec, String ip, int port, boolean available, String message) {}

    private final FrontProxy frontProxy;
    private final Map<String, Backend> backends = new ConcurrentHashMap<>();
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final Runnable recheck;

    ApiServiceProxy(FrontProxy frontProxy, Runnable recheck) {
        this.frontProxy = frontProxy;
        this.recheck = recheck;
    }

    void update(String name, Backend backend) {
        backends.put(name, backend);
    }

    void retain(Set<String> names) {
        backends.keySet().retainAll(names);
    }

    /**
     * Proxies {@code req} when its path is under an APIService served by a Service and answers
     * true; false leaves it to this server. Call on the request's event loop, after
     * authentication and authorization.
     */
    public boolean serve(HttpServerRequest req, UserInfo user) {
        String[] s = req.path().split("/", 5);
        if (s.length < 4 || !s[0].isEmpty() || !s[1].equals("apis") || s[3].isEmpty()) {
            return false;
        }
        String name = s[3] + "." + s[2];
        Backend b = backends.get(name);
        if (b == null) {
            return false;
        }
        HttpServerResponse out = req.response();
        if (!b.available() || b.ip() == null) {
            fail(req, "service unavailable");
            return true;
        }
        req.pause();
        JsonNode svc = b.spec().path("service");
        String host = svc.path("name").asText() + "." + svc.path("namespace").asText() + ".svc";
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(
                req.method().name())).setURI(req.uri()).setSsl(true).setHost(host)
                .setPort(svc.path("port").asInt(443))
                .setServer(SocketAddress.inetSocketAddress(b.port(), b.ip()));
        req.headers().forEach(h -> {
            String n = h.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(n) && !n.startsWith("x-remote-")
                    && !n.startsWith("impersonate-")) {
                options.addHeader(h.getKey(), h.getValue());
            }
        });
        options.addHeader("X-Remote-User", user.name());
        for (String g : user.groups()) {
            options.addHeader("X-Remote-Group", g);
        }
        if (!user.uid().isEmpty()) {
            options.addHeader("X-Remote-Uid", user.uid());
        }
        // Extra keys are percent-encoded in the header name, as upstream's request-header
        // authenticator expects them.
        user.extra().forEach((key, values) -> values.forEach(v -> options.addHeader(
                "X-Remote-Extra-" + java.net.URLEncoder.encode(key,
                        java.nio.charset.StandardCharsets.UTF_8), v)));
        HttpClient client = client(b.spec());
        if (upgrade(req)) {
            options.addHeader("Connection", "Upgrade").addHeader("Upgrade",
                    req.getHeader("Upgrade"));
            client.request(options).compose(forward -> forward.connect())
                    .onSuccess(answer -> upgraded(req, answer))
                    .onFailure(e -> {
                        recheck.run();
                        fail(req, "error trying to reach service: " + e.getMessage());
                    });
            return true;
        }
        client.request(options)
                .compose(forward -> forward.send(req))
                .onSuccess(answer -> relay(answer, out))
                .onFailure(e -> {
                    LOG.log(Level.FINE, "proxying " + req.path() + " to " + name + " failed", e);
                    recheck.run();
                    if (!out.headWritten()) {
                        fail(req, "error trying to reach service: " + e.getMessage());
                    } else {
                        out.reset();
                    }
                });
        return true;
    }

    /** A WebSocket (or other GET) upgrade over HTTP/1.1, which is carried as a byte pipe. */
    private static boolean upgrade(HttpServerRequest req) {
        return req.method() == HttpMethod.GET && req.getHeader("Upgrade") != null
                && req.version() != io.vertx.core.http.HttpVersion.HTTP_2;
    }

    /** The backend's answer to an upgrade: on 101 both connections become one pipe. */
    private static void upgraded(HttpServerRequest req, HttpClientResponse answer) {
        if (answer.statusCode() != 101) {
            relay(answer, req.response());
            return;
        }
        answer.headers().forEach(h -> {
            String n = h.getKey().toLowerCase(Locale.ROOT);
            // Vert.x answers 101 with these: Connection, Upgrade, Sec-WebSocket-Accept, ...
            if (!n.equals("content-length") && !n.equals("transfer-encoding")) {
                req.response().headers().add(h.getKey(), h.getValue());
            }
        });
        io.vertx.core.net.NetSocket backend = answer.netSocket();
        backend.pause();
        req.toNetSocket().onSuccess(user -> {
            backend.pipeTo(user);
            user.pipeTo(backend);
            user.closeHandler(v -> backend.close());
            backend.closeHandler(v -> user.close());
        }).onFailure(e -> backend.close());
    }

    private static void relay(HttpClientResponse answer, HttpServerResponse out) {
        out.setStatusCode(answer.statusCode());
        answer.headers().forEach(h -> {
            if (!FRAMING.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                out.headers().add(h.getKey(), h.getValue());
            }
        });
        if (answer.getHeader("Content-Length") == null) {
            out.setChunked(true);
        }
        out.closeHandler(v -> answer.request().reset());
        answer.pipeTo(out);
    }

    private static void fail(HttpServerRequest req, String message) {
        StatusException e = StatusException.serviceUnavailable(message);
        HttpServerResponse out = req.response();
        if (out.ended()) {
            return;
        }
        out.setStatusCode(503).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private")
                .end(Buffer.buffer(Json.statusBytes(e.status())));
    }

    /** One client per way of trusting the backend, on the calling event loop's Vert.x. */
    private HttpClient client(JsonNode spec) {
        boolean insecure = spec.path("insecureSkipTLSVerify").asBoolean(false);
        String bundle = spec.path("caBundle").asText("");
        String key = insecure ? "insecure" : bundle;
        return clients.computeIfAbsent(key, k -> {
            HttpClientOptions o = new HttpClientOptions().setSsl(true).setConnectTimeout(5000)
                    .setTrustAll(insecure).setVerifyHost(!insecure).setMaxPoolSize(64);
            if (!insecure && !bundle.isEmpty()) {
                o.setTrustOptions(new PemTrustOptions().addCertValue(
                        Buffer.buffer(Base64.getMimeDecoder().decode(bundle))));
            }
            if (frontProxy != null) {
                o.setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(frontProxy.certFile().toString())
                        .setKeyPath(frontProxy.keyFile().toString()));
            }
            return Vertx.currentContext().owner().createHttpClient(o);
        });
    }
}
