package io.j8s.apiserver.http;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.registry.Registries;
import io.vertx.core.Context;
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
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod subresources the kubelet serves: {@code log} is a GET streamed from the kubelet's
 * {@code /containerLogs}; {@code exec}, {@code attach} and {@code portforward} are HTTP/1.1
 * upgrades (SPDY or WebSocket, whichever the client asks for) tunnelled to the kubelet's
 * {@code /exec}, {@code /attach} and {@code /portForward}: the client's upgrade request goes to
 * the kubelet over TLS with the API server's client certificate, the kubelet's 101 and its headers
 * come back to the client, and from then on bytes are copied both ways until either side closes.
 * Any other answer of the kubelet is relayed as it is. This class does not know the protocols
 * inside the tunnel.
 */
final class PodStreamProxy implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PodStreamProxy.class.getName());
    private static final Pattern PATH = Pattern.compile(
            "/api/v1/namespaces/([^/]+)/pods/([^/]+)/(log|exec|attach|portforward)/?");
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final Set<String> NOT_RELAYED = Set.of("connection", "transfer-encoding",
            "keep-alive", "content-length", "upgrade");
    /** Bytes of a kubelet's error answer the client gets at most. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final Registries registries;
    private final Gate gate;
    private final HttpClient kubelets;
    private final KubeletTunnel tunnels;
    private final Executor requests;

    PodStreamProxy(Vertx vertx, Registries registries, Gate gate, KubeletClientTls tls,
            Executor requests) {
        this.registries = registries;
        this.gate = gate;
        this.requests = requests;
        HttpClientOptions options = new HttpClientOptions().setSsl(true)
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                // Kubelet serving certificates carry the node's IP, not necessarily the name
                // the Node lists first; the chain to the cluster CA is what is checked.
                .setVerifyHost(false);
        if (tls != null) {
            options.setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(tls.certFile().toString())
                    .setKeyPath(tls.keyFile().toString()))
                    .setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile().toString()));
        }
        // Each followed log and each tunnel holds a connection for as long as it lasts.
        this.kubelets = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(4096));
        this.tunnels = new KubeletTunnel(vertx, tls, CONNECT_TIMEOUT_MILLIS);
    }

    /** Whether this proxy serves the request's path. */
    static boolean serves(String path) {
        Matcher m = PATH.matcher(path);
        return m.matches() && !m.group(1).matches("\\.\\.?") && !m.group(2).matches("\\.\\.?");
    }

    /** Serves a request {@link #serves} accepted; call it on the request's event loop. */
    void serve(HttpServerRequest req) {
        Matcher m = PATH.matcher(req.path());
        if (!m.matches()) {
            throw new IllegalArgumentException(req.path());
        }
        String namespace = m.group(1);
        String pod = m.group(2);
        String subresource = m.group(3);
        Context context = Vertx.currentContext();
        req.pause();
        requests.execute(() -> {
            PodKubelet target;
            String uri;
            try {
                // Upstream authorizes the streaming subresources as "create" whatever the
                // method, so a GET upgrade needs the same permission as a POST.
                gate.check(subresource.equals("log") ? "GET" : "POST", req.path(),
                        HttpFrontend.credentials(req));
                target = resolve(req, namespace, pod, subresource);
                uri = kubeletUri(req, target, subresource);
            } catch (StatusException e) {
                context.runOnContext(v -> fail(req, e));
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, req.method() + " " + req.path() + " failed", e);
                StatusException internal = StatusException.internal("an error on the server ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + ") has prevented the request from succeeding");
                context.runOnContext(v -> fail(req, internal));
                return;
            }
            context.runOnContext(v -> {
                if (subresource.equals("log")) {
                    streamLog(req, target, uri);
                } else {
                    tunnel(req, target, uri);
                }
            });
        });
    }

    private PodKubelet resolve(HttpServerRequest req, String namespace, String pod,
            String subresource) {
        String method = req.method().name();
        String container = param(req, "container");
        if (subresource.equals("log")) {
            if (!method.equals("GET")) {
                throw methodNotAllowed();
            }
            PodLogOptions.kubeletQuery(pod, HttpFrontend.query(req)); // validates, as upstream, first
            return PodKubelet.forLog(registries, namespace, pod, container);
        }
        if (!method.equals("GET") && !method.equals("POST")) {
            throw methodNotAllowed();
        }
        PodKubelet target = subresource.equals("portforward")
                ? PodKubelet.forPod(registries, namespace, pod)
                : PodKubelet.forContainer(registries, namespace, pod, container, subresource);
        if (!isUpgrade(req)) {
            throw StatusException.badRequest("Upgrade request required");
        }
        return target;
    }

    private static StatusException methodNotAllowed() {
        return StatusException.methodNotAllowed("the server does not allow this method on the"
                + " requested resource");
    }

    /** Upstream's test: a Connection header that lists {@code upgrade}. */
    private static boolean isUpgrade(HttpServerRequest req) {
        for (String connection : req.headers().getAll("Connection")) {
            if (connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
                return req.getHeader("Upgrade") != null;
            }
        }
        return false;
    }

    /** The kubelet's path and query for the request. */
    private static String kubeletUri(HttpServerRequest req, PodKubelet target,
            String subresource) {
        String ns = PodLogOptions.segment(target.namespace());
        String pod = PodLogOptions.segment(target.pod());
        String container = PodLogOptions.segment(target.container());
        return switch (subresource) {
            case "log" -> PodLogOptions.kubeletPath(target)
                    + PodLogOptions.kubeletQuery(target.pod(), HttpFrontend.query(req));
            case "exec" -> "/exec/" + ns + "/" + pod + "/" + container
                    + streamQuery(req, target, true);
            case "attach" -> "/attach/" + ns + "/" + pod + "/" + container
                    + streamQuery(req, target, false);
            default -> "/portForward/" + ns + "/" + pod + passThrough(req);
        };
    }

    /**
     * The exec or attach query: the command, the container and each stream flag asked for, as
     * {@code stdin=1} and also under the kubelet's own names ({@code input}, {@code output},
     * {@code error}), as upstream's apiserver writes them.
     */
    private static String streamQuery(HttpServerRequest req, PodKubelet target,
            boolean command) {
        StringBuilder q = new StringBuilder();
        if (command) {
            for (String c : req.params().getAll("command")) {
                append(q, "command", c);
            }
        }
        append(q, "container", target.container());
        for (String[] flag : new String[][] {{"stdin", "input"}, {"stdout", "output"},
                {"stderr", "error"}, {"tty", "tty"}}) {
            if (isTrue(param(req, flag[0]))) {
                append(q, flag[0], "1");
                if (!flag[1].equals(flag[0])) {
                    append(q, flag[1], "1");
                }
            }
        }
        return q.toString();
    }

    private static String passThrough(HttpServerRequest req) {
        StringBuilder q = new StringBuilder();
        req.params().forEach(e -> append(q, e.getKey(), e.getValue()));
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        q.append(q.isEmpty() ? '?' : '&').append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static boolean isTrue(String v) {
        return List.of("1", "t", "T", "true", "TRUE", "True").contains(v);
    }

    private static String param(HttpServerRequest req, String name) {
        String v = req.getParam(name);
        return v == null ? "" : v;
    }

    private void streamLog(HttpServerRequest req, PodKubelet target, String uri) {
        req.resume();
        HttpServerResponse out = req.response();
        if (!target.scheduled()) {
            // Upstream streams nothing for a pod that no node runs yet.
            out.setStatusCode(200).putHeader("Content-Type", "text/plain").end();
            return;
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(target.host()).setPort(target.port()).setURI(uri);
        kubelets.request(options).compose(r -> r.send()).onComplete(ar -> {
            if (ar.failed()) {
                fail(req, dialError("Get \"https://" + target.authority() + uri + "\": ",
                        target, ar.cause()));
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

    private void tunnel(HttpServerRequest req, PodKubelet target, String uri) {
        req.resume();
        tunnels.open(req, target, uri, cause -> fail(req,
                dialError("error dialing backend: ", target, cause)));
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(h -> {
            if (!NOT_RELAYED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
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

    /**
     * A kubelet that cannot be reached: 500 with no reason, as upstream's error for a plain Go
     * error, whose message kubectl prints after "Error from server: ".
     */
    private static StatusException dialError(String prefix, PodKubelet target, Throwable cause) {
        String why;
        if (cause instanceof ConnectException) {
            why = "dial tcp " + target.authority() + ": connect: connection refused";
        } else if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            why = "dial tcp " + target.authority() + ": i/o timeout";
        } else {
            why = "dial tcp " + target.authority() + ": " + (cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getMessage());
        }
        LOG.log(Level.FINE, "kubelet at " + target.authority() + " unreachable", cause);
        return new StatusException(new StatusBuilder().withApiVersion("v1").withKind("Status")
                .withNewMetadata().endMetadata().withStatus("Failure")
                .withMessage(prefix + why).withCode(500).build());
    }

    private static void fail(HttpServerRequest req, StatusException e) {
        req.resume();
        HttpServerResponse out = req.response();
        if (out.ended() || out.closed()) {
            return;
        }
        out.setStatusCode(e.code()).putHeader("Content-Type", ApiHandler.JSON)
                .putHeader("Cache-Control", "no-cache, private")
                .end(Buffer.buffer(Json.bytes(e.status())));
    }

    @Override
    public void close() {
        kubelets.close();
        tunnels.close();
    }
}
