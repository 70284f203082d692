package io.j8s.testcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.pki.ClusterPki;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A small HTTPS server on 127.0.0.1 with a CA of its own, standing in for an admission or
 * conversion webhook or an aggregated API server: each request is recorded and answered by the
 * test's handler, after a delay the test may set.
 */
public final class HttpsTestServer implements AutoCloseable {
    /** What the server saw. */
    public record Seen(String method, String path, Map<String, List<String>> headers,
            byte[] body, String clientCertificateSubject) {
        public ObjectNode json() {
            return Json.parseObject(body, false);
        }
    }

    /**
     * An answer: status, content type, body; an {@code open} one is sent chunked and left open
     * (as a watch) until the server closes.
     */
    public record Answer(int status, String contentType, byte[] body, boolean open) {
        public Answer(int status, String contentType, byte[] body) {
            this(status, contentType, body, false);
        }

        public static Answer json(JsonNode node) {
            return new Answer(200, "application/json", Json.bytes(node));
        }
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final byte[] caPem;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Function<Seen, Answer> handler;
    private static final Duration SPIN_AT_MOST = Duration.ofMillis(5);
    private volatile Duration delay = Duration.ZERO;

    private HttpsTestServer(Path dir, List<String> dnsNames, Path clientCaFile,
            Function<Seen, Answer> handler) throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir, dnsNames, List.of("127.0.0.1"));
        this.caPem = Files.readAllBytes(pki.caCertFile());
        this.handler = handler;
        this.vertx = Vertx.vertx();
        HttpServerOptions options = new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(pki.servingCertFile().toString())
                        .setKeyPath(pki.servingKeyFile().toString()));
        if (clientCaFile != null) {
            options.setClientAuth(io.vertx.core.http.ClientAuth.REQUEST).setTrustOptions(
                    new io.vertx.core.net.PemTrustOptions().addCertPath(clientCaFile.toString()));
        }
        this.server = vertx.createHttpServer(options).requestHandler(this::serve)
                .webSocketHandler(this::serveWebSocket);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** Starts a server whose certificates live in {@code dir}. */
    public static HttpsTestServer start(Path dir, Function<Seen, Answer> handler) {
        return start(dir, List.of("localhost"), handler);
    }

    /**
     * A server whose certificate also names {@code dnsNames}, e.g. {@code SVC.NS.svc} for a
     * server reached through a Service.
     */
    public static HttpsTestServer start(Path dir, List<String> dnsNames,
            Function<Seen, Answer> handler) {
        return start(dir, dnsNames, null, handler);
    }

    /**
     * A server as above that asks for a client certificate and accepts those that chain to
     * {@code clientCaFile}; {@link Seen#clientCertificateSubject} tells which was shown.
     */
    public static HttpsTestServer start(Path dir, List<String> dnsNames, Path clientCaFile,
            Function<Seen, Answer> handler) {
        try {
            return new HttpsTestServer(dir, dnsNames, clientCaFile, handler);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test HTTPS server: " + e, e);
        }
    }

    /**
     * A server answering AdmissionReviews: {@code response} gets the review's request and
     * answers the review's {@code response} (its uid is filled in).
     */
    public static HttpsTestServer admission(Path dir, Function<JsonNode, ObjectNode> response) {
        return start(dir, seen -> {
            ObjectNode review = seen.json();
            ObjectNode answer = response.apply(review.path("request"));
            answer.put("uid", review.path("request").path("uid").asText());
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("apiVersion", review.path("apiVersion").asText());
            out.put("kind", "AdmissionReview");
            out.set("response", answer);
            return Answer.json(out);
        });
    }

    private void serve(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            Map<String, List<String>> headers = new java.util.TreeMap<>(
                    String.CASE_INSENSITIVE_ORDER);
            req.headers().forEach(e -> headers.computeIfAbsent(e.getKey(),
                    k -> new java.util.ArrayList<>()).add(e.getValue()));
            String subject = null;
            try {
                if (req.connection().peerCertificates().getFirst()
                        instanceof java.security.cert.X509Certificate x) {
                    subject = x.getSubjectX500Principal().getName();
                }
            } catch (javax.net.ssl.SSLPeerUnverifiedException | RuntimeException e) {
                subject = null; // no client certificate
            }
            Seen s = new Seen(req.method().name(), req.uri(), headers, body.getBytes(), subject);
            seen.add(s);
            Answer a;
            try {
                a = handler.apply(s);
            } catch (RuntimeException e) {
                a = new Answer(500, "text/plain", String.valueOf(e).getBytes());
            }
            Answer answer = a;
            Runnable send = () -> {
                var response = req.response().setStatusCode(answer.status())
                        .putHeader("Content-Type", answer.contentType());
                if (answer.open()) {
                    response.setChunked(true).write(Buffer.buffer(answer.body()));
                } else {
                    response.end(Buffer.buffer(answer.body()));
                }
            };
            Duration late = delay;
            if (late.isPositive() && late.compareTo(SPIN_AT_MOST) <= 0) {
                // A short delay is spent on the event loop, as a webhook busy for that long would:
                // a Vert.x timer is rounded up to the next whole millisecond and more ("1 ms" took
                // 1.6 ms typically and 4 ms at p99), and a sleeping thread adds its wake-ups.
                long until = System.nanoTime() + late.toNanos();
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                send.run();
            } else if (late.isPositive()) {
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(late);
                        send.run();
                    } catch (InterruptedException | RuntimeException e) {
                        // the server or the connection closed meanwhile (Vert.x refuses the write)
                    }
                });
            } else {
                send.run();
            }
        });
    }

    /** A WebSocket: recorded, and sent the handler's answer body as one text frame. */
    private void serveWebSocket(io.vertx.core.http.ServerWebSocket ws) {
        Map<String, List<String>> headers = new java.util.TreeMap<>(
                String.CASE_INSENSITIVE_ORDER);
        ws.headers().forEach(e -> headers.computeIfAbsent(e.getKey(),
                k -> new java.util.ArrayList<>()).add(e.getValue()));
        Seen s = new Seen("GET", ws.uri(), headers, new byte[0], null);
        seen.add(s);
        ws.writeTextMessage(new String(handler.apply(s).body(),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code https://127.0.0.1:PORT} followed by {@code path}. */
    public String url(String path) {
        return "https://127.0.0.1:" + port() + path;
    }

    /** The PEM of the CA that signed the server's certificate. */
    public byte[] caPem() {
        return caPem.clone();
    }

    /** The CA as a webhook's or APIService's {@code caBundle}: base64 of the PEM. */
    public String caBundle() {
        return Base64.getEncoder().encodeToString(caPem);
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public void handler(Function<Seen, Answer> handler) {
        this.handler = handler;
    }

    /** Every answer from now on comes this late (to within some tens of microseconds). */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                .join();
    }
}
