package io.j8s.apiserver.kubeletproxy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.endpoints.ApiHandler;
import io.j8s.apiserver.endpoints.RequestInfo;
import io.j8s.apiserver.registry.Registries;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.ConnectException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod subresources the kubelet serves. {@code log} is a GET streamed from the kubelet's
 * {@code /containerLogs} ({@link PodLogStream}); {@code exec}, {@code attach} and
 * {@code portforward} are HTTP/1.1 upgrades (SPDY or WebSocket, whichever the client asks for)
 * carried to the kubelet's {@code /exec}, {@code /attach} and {@code /portForward}
 * ({@link KubeletTunnel}), which does not know the protocols inside. Here: authorization,
 * finding the kubelet ({@link PodKubelet}), and every refusal as an upstream Status.
 */
public final class PodStreamProxy implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PodStreamProxy.class.getName());
    private static final Pattern PATH = Pattern.compile(
            "/api/v1/namespaces/([^/]+)/pods/([^/]+)/(log|exec|attach|portforward)/?");
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Registries registries;
    private final ProxyGate gate;
    private final Executor requests;
    private final PodLogStream logs;
    private final KubeletTunnel tunnels;

    public PodStreamProxy(Vertx vertx, Registries registries, ProxyGate gate,
            KubeletClientTls tls, Executor requests) {
        this.registries = registries;
        this.gate = gate;
        this.requests = requests;
        this.logs = new PodLogStream(vertx, tls, CONNECT_TIMEOUT_MILLIS);
        this.tunnels = new KubeletTunnel(vertx, tls, CONNECT_TIMEOUT_MILLIS);
    }

    /** Whether this proxy serves the request's path. */
    public static boolean serves(String path) {
        Matcher m = PATH.matcher(path);
        return m.matches() && !m.group(1).matches("\\.\\.?") && !m.group(2).matches("\\.\\.?");
    }

    /**
     * Serves a request {@link #serves} accepted, whose query is {@code query}; call it on the
     * request's event loop.
     */
    public void serve(HttpServerRequest req, Map<String, List<String>> query) {
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
                RequestInfo info = RequestInfo.parse(req.method().name(), req.path(), query);
                gate.check(req, subresource.equals("log") ? info.withVerb("get")
                        : info.withVerb("create"));
                target = resolve(req, query, namespace, pod, subresource);
                uri = KubeletPaths.uri(subresource, target, req.params(), query);
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
                req.resume();
                if (subresource.equals("log")) {
                    logs.stream(req, target, uri, cause -> fail(req, dialError(
                            "Get \"https://" + target.authority() + uri + "\": ", target, cause)));
                } else {
                    tunnels.open(req, target, uri, cause -> fail(req,
                            dialError("error dialing backend: ", target, cause)));
                }
            });
        });
    }

    private PodKubelet resolve(HttpServerRequest req, Map<String, List<String>> query,
            String namespace, String pod, String subresource) {
        String method = req.method().name();
        String container = req.getParam("container", "");
        if (subresource.equals("log")) {
            if (!method.equals("GET")) {
                throw methodNotAllowed();
            }
            // Upstream validates the options before it looks at the pod.
            PodLogOptions.kubeletQuery(pod, query);
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

    /** Upstream's test, a Connection header that lists {@code upgrade}, and an Upgrade header. */
    private static boolean isUpgrade(HttpServerRequest req) {
        for (String connection : req.headers().getAll("Connection")) {
            if (connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
                return req.getHeader("Upgrade") != null;
            }
        }
        return false;
    }

    /**
     * A kubelet that cannot be reached: 500 with no reason, as upstream's error for a plain Go
     * error, whose message kubectl prints after "Error from server: ".
     */
    private static StatusException dialError(String prefix, PodKubelet target, Throwable cause) {
        String why;
        if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            why = "i/o timeout";
        } else if (cause instanceof ConnectException) {
            why = "connect: connection refused";
        } else {
            why = cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage();
        }
        LOG.log(Level.FINE, "kubelet at " + target.authority() + " unreachable", cause);
        return new StatusException(new StatusBuilder().withApiVersion("v1").withKind("Status")
                .withNewMetadata().endMetadata().withStatus("Failure")
                .withMessage(prefix + "dial tcp " + target.authority() + ": " + why)
                .withCode(500).build());
    }

    private static void fail(HttpServerRequest req, StatusException e) {
        req.resume();
        HttpServerResponse out = req.response();
        if (out.ended() || out.closed()) {
            return;
        }
        out.setStatusCode(e.code()).putHeader("Content-Type", ApiHandler.JSON)
                .putHeader("Cache-Control", "no-cache, private")
                .end(Buffer.buffer(Json.statusBytes(e.status())));
    }

    @Override
    public void close() {
        logs.close();
        tunnels.close();
    }
}
