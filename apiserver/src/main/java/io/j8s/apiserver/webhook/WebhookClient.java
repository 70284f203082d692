package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.admission.ClusterObjects;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.impl.VertxThread;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.spi.VertxThreadFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs a JSON review (AdmissionReview, ConversionReview) to a webhook's clientConfig: its
 * {@code url}, or its {@code service} reached at the Service's cluster IP and port as upstream's
 * API server reaches it, over HTTPS trusting the {@code caBundle} only.
 *
 * <p>A webhook is on the path of every write it matches, so its call is kept short: one Vert.x
 * (Netty) HTTP/1.1 client per caBundle and server name, whose kept-alive connections are reused
 * (no TLS handshake per call), and the call written, read and decoded on one event loop, which
 * hands the answer straight to the waiting request thread.
 */
public final class WebhookClient {
    private final ClusterObjects objects;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public WebhookClient(ClusterObjects objects) {
        this.objects = objects;
    }

    /** Why a call failed: upstream's ErrCallingWebhook, the webhook's policy decides. */
    static final class CallException extends Exception {
        CallException(String message) {
            super(message);
        }
    }

    /** Posts {@code review} and answers the JSON object the webhook sent back. */
    ObjectNode post(JsonNode clientConfig, ObjectNode review, Duration timeout)
            throws CallException {
        Target target = target(clientConfig, timeout);
        HttpClient client;
        try {
            client = clients.computeIfAbsent(target.caBundleKey() + "|" + target.host(),
                    k -> Transport.VERTX.createHttpClient(new HttpClientOptions().setSsl(true)
                            .setTrustOptions(TrustOptions.wrap(CaBundleTrust.trustManager(
                                    target.caBundle(), target.host(), true)))
                            .setVerifyHost(false) // CaBundleTrust checks the name
                            .setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
                            .setKeepAliveTimeout(30)
                            .setMaxPoolSize(64)));
        } catch (IllegalArgumentException e) {
            throw new CallException("failed to call webhook: " + e.getMessage());
        }
        Buffer body = Buffer.buffer(Json.bytes(review));
        CompletableFuture<Answer> future = new CompletableFuture<>();
        // Started on the event loop, so that each step runs there as the previous one ends and
        // no part of the answer arrives before its handler is set. The idle timeout closes the
        // connection of an answer that comes too late, rather than leaving it to the pool.
        Transport.LOOP.runOnContext(v -> {
            client.request(new RequestOptions().setMethod(HttpMethod.POST)
                            .setAbsoluteURI(target.uri().toString())
                            .setConnectTimeout(timeout.toMillis())
                            .setIdleTimeout(timeout.toMillis())
                            .putHeader("Content-Type", "application/json")
                            .putHeader("Accept", "application/json"))
                    .compose(req -> req.send(body))
                    .compose(res -> res.body()
                            .map(b -> new Answer(res.statusCode(), b.getBytes())))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            future.complete(ar.result());
                        } else {
                            future.completeExceptionally(ar.cause());
                        }
                    });
        });
        Answer response;
        try {
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CallException("failed to call webhook: Post \"" + target.uri()
                    + "\": context deadline exceeded");
        } catch (ExecutionException e) {
            throw new CallException("failed to call webhook: Post \"" + target.uri() + "\": "
                    + describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallException("failed to call webhook: interrupted");
        }
        if (response.status() < 200 || response.status() >= 300) {
            throw new CallException("failed to call webhook: an error on the server (\""
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).strip()
                    + "\") has prevented the request from succeeding (HTTP "
                    + response.status() + ")");
        }
        try {
            return Json.parseObject(response.body(), false);
        } catch (RuntimeException e) {
            throw new CallException("received invalid webhook response: " + e.getMessage());
        }
    }

    private record Answer(int status, byte[] body) {}

    /**
     * The Vert.x of every webhook client in this process: one event loop is plenty for calls that
     * only wait, and its threads are daemons, so a server that is never closed does not keep the
     * JVM alive.
     */
    private static final class Transport {
        static final Vertx VERTX = new VertxBuilder(new VertxOptions().setEventLoopPoolSize(1)
                .setWorkerPoolSize(1).setInternalBlockingPoolSize(1))
                .threadFactory(new VertxThreadFactory() {
                    @Override
                    public VertxThread newVertxThread(Runnable target, String name,
                            boolean worker, long maxExecTime, TimeUnit unit) {
                        VertxThread t = VertxThreadFactory.super.newVertxThread(target,
                                "webhook-client-" + name, worker, maxExecTime, unit);
                        t.setDaemon(true);
                        return t;
                    }
                }).init().vertx();
        static final Context LOOP = VERTX.getOrCreateContext();
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }

    private record Target(URI uri, String host, byte[] caBundle, String caBundleKey) {}

    private Target target(JsonNode cc, Duration timeout) throws CallException {
        String bundle = cc.path("caBundle").asText("");
        byte[] ca = bundle.isEmpty() ? new byte[0] : Base64.getMimeDecoder().decode(bundle);
        String query = "timeout=" + timeout.toSeconds() + "s";
        if (cc.hasNonNull("url")) {
            URI url = URI.create(cc.path("url").asText());
            String sep = url.getRawQuery() == null ? "?" : "&";
            return new Target(URI.create(url + sep + query), url.getHost(), ca, bundle);
        }
        JsonNode svc = cc.path("service");
        String name = svc.path("name").asText();
        String ns = svc.path("namespace").asText();
        int port = svc.path("port").asInt(443);
        String path = svc.path("path").asText("");
        ObjectNode service = objects.get("", "services", ns, name).orElseThrow(
                () -> new CallException("failed to call webhook: service \"" + name
                        + "\" not found"));
        String ip = service.path("spec").path("clusterIP").asText("");
        if (ip.isEmpty() || ip.equals("None")) {
            throw new CallException("failed to call webhook: service " + ns + "/" + name
                    + " has no cluster IP");
        }
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return new Target(URI.create("https://" + host + ":" + port + path + "?" + query),
                name + "." + ns + ".svc", ca, bundle);
    }
}
