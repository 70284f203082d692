package io.j8s.e2e;

import io.j8s.apiserver.pki.CertificateFiles;
import io.j8s.apiserver.pki.ClusterPki;
import io.j8s.kubelet.server.StreamingServer;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;

/**
 * A kubelet that only serves the streaming endpoints, on 127.0.0.1 and a free port, for a running
 * j8s server: its serving certificate is issued by the cluster PKI in the server's data
 * directory, and it asks for a client certificate from that CA, as a kubelet does of the API
 * server. Behind it a {@link FakeContainerRuntime}, whose forwarded ports reach a TCP echo server.
 */
final class FakeKubelet implements AutoCloseable {
    private final ServerSocket echo;
    private final FakeContainerRuntime runtime;
    private final StreamingServer server;

    private FakeKubelet(ServerSocket echo, FakeContainerRuntime runtime, StreamingServer server) {
        this.echo = echo;
        this.runtime = runtime;
        this.server = server;
    }

    /** Starts with the CA in {@code dataDir}/server/tls. */
    static FakeKubelet start(Path dataDir) throws Exception {
        Path tls = dataDir.resolve("server").resolve("tls");
        // The server's own PKI issues the kubelet's serving certificate, as it will for a real one.
        ClusterPki pki = ClusterPki.loadOrCreate(tls, List.of("localhost"), List.of("127.0.0.1"));
        CertificateFiles serving = pki.kubeletServing("fake-kubelet", List.of("localhost"),
                List.of("127.0.0.1"));
        SslContext ssl = SslContextBuilder.forServer(serving.certFile().toFile(),
                        serving.keyFile().toFile())
                .trustManager(pki.caCertFile().toFile()).clientAuth(ClientAuth.REQUIRE).build();
        ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("echo-accept").start(() -> acceptEchoes(echo));
        FakeContainerRuntime runtime = new FakeContainerRuntime(echo.getLocalPort());
        try {
            StreamingServer server = StreamingServer.start(InetAddress.getLoopbackAddress(), 0, ssl,
                    runtime);
            return new FakeKubelet(echo, runtime, server);
        } catch (Exception e) {
            echo.close();
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    FakeContainerRuntime runtime() {
        return runtime;
    }

    /** Whether WebSocket upgrades are served; if not, kubectl falls back to SPDY. */
    void serveWebSockets(boolean serve) {
        server.serveWebSockets(serve);
    }

    /** The upgrades served so far, oldest first. */
    List<StreamingServer.Upgrade> upgrades() {
        return server.upgrades();
    }

    @Override
    public void close() throws IOException {
        server.close();
        echo.close();
    }

    private static void acceptEchoes(ServerSocket echo) {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                Thread.ofVirtual().start(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException ignored) {
                        // The forwarded connection was reset.
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }
}
