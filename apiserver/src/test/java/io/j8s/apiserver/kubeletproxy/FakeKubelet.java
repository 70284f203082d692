package io.j8s.apiserver.kubeletproxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A kubelet's streaming endpoints as far as the API server sees them: HTTPS with a serving
 * certificate from the cluster CA, a client certificate required, every request recorded.
 * {@code /containerLogs} answers one line, then a second when the test says so; an upgrade
 * over SPDY answers 101 with {@code X-Stream-Protocol-Version: v4.channel.k8s.io} and echoes raw
 * bytes; a WebSocket upgrade negotiates {@code v5.channel.k8s.io} and echoes messages. A
 * container named {@code gone} gets a 404 from the kubelet.
 */
final class FakeKubelet implements AutoCloseable {
    /** One request as the kubelet got it. */
    record Seen(String method, String path, String query, Map<String, List<String>> headers,
            String clientSubject) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null ? null : String.join(",", v);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    /** The log's second line goes out when this completes; a test may hold it back. */
    volatile CompletableFuture<Void> secondLine = CompletableFuture.completedFuture(null);
    /** Completed when the API server closes the next log stream before it ended. */
    volatile CompletableFuture<Void> logClosed = new CompletableFuture<>();
    /** Completed when the next tunnelled connection is closed; a test may put a fresh one. */
    volatile CompletableFuture<Void> tunnelClosed = new CompletableFuture<>();

    FakeKubelet(Path servingCert, Path servingKey, Path caCert) throws Exception {
        server = vertx.createHttpServer(new HttpServerOptions()
                .setSsl(true).setHost("127.0.0.1").setPort(0)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(servingCert.toString())
                        .setKeyPath(servingKey.toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(caCert.toString()))
                .setClientAuth(ClientAuth.REQUIRED)
                .addWebSocketSubProtocol("v5.channel.k8s.io"));
        server.requestHandler(this::handle);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest req) {
        String subject;
        try {
            subject = ((X509Certificate) req.connection().peerCertificates().getFirst())
                    .getSubjectX500Principal().getName();
        } catch (Exception e) {
            subject = "";
        }
        seen.add(new Seen(req.method().name(), req.path(), req.query(),
                req.headers().entries().stream().collect(Collectors.groupingBy(
                        e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList()))),
                subject));
        if (req.path().endsWith("/gone")) {
            req.response().setStatusCode(404).putHeader("Content-Type", "text/plain")
                    .end("container gone not found");
            return;
        }
        if (req.path().startsWith("/containerLogs/")) {
            CompletableFuture<Void> closed = logClosed;
            req.response().closeHandler(v -> closed.complete(null));
            req.response().setChunked(true).putHeader("Content-Type", "text/plain")
                    .write("line 1\n");
            secondLine.thenRun(() -> req.response().end("line 2\n"));
            return;
        }
        String upgrade = req.getHeader("Upgrade");
        if ("websocket".equalsIgnoreCase(upgrade)) {
            req.toWebSocket().onSuccess(ws -> {
                ws.binaryMessageHandler(ws::writeBinaryMessage);
                ws.textMessageHandler(ws::writeTextMessage);
            });
            return;
        }
        if ("SPDY/3.1".equalsIgnoreCase(upgrade)) {
            req.response().putHeader("Upgrade", "SPDY/3.1").putHeader("Connection", "Upgrade")
                    .putHeader("X-Stream-Protocol-Version", "v4.channel.k8s.io");
            UpgradedSocket.of(req).onSuccess(this::echo);
            return;
        }
        req.response().setStatusCode(400).end("Upgrade request required");
    }

    /** Echoes bytes; "bye" makes the kubelet close the connection itself. */
    private void echo(NetSocket socket) {
        CompletableFuture<Void> closed = tunnelClosed;
        socket.handler(data -> {
            if (data.toString().equals("bye")) {
                socket.close();
            } else {
                socket.write(data);
            }
        });
        socket.closeHandler(v -> closed.complete(null));
    }

    Seen next() throws InterruptedException {
        Seen s = seen.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("the kubelet got no request");
        }
        return s;
    }

    @Override
    public void close() throws Exception {
        secondLine.complete(null);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
