package io.j8s.kubelet.server;

import io.j8s.kubelet.logs.CriLogReader;
import io.j8s.kubelet.pods.NodePods;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import javax.net.ssl.SSLException;

/**
 * The kubelet API on HTTPS (port 10250): containerLogs, exec, attach and portForward through the
 * {@link StreamingServer}, and {@code /pods}, {@code /healthz}, {@code /metrics},
 * {@code /stats/summary}. Clients authenticate with a certificate of the cluster CA (the API
 * server's {@code kube-apiserver-kubelet-client}); without one the answer is 401, and a user the
 * authorizer refuses gets 403. By default the authorizer admits {@code
 * kube-apiserver-kubelet-client} and the group {@code system:masters}.
 */
public final class KubeletServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 10250;

    private final StreamingServer server;

    private KubeletServer(StreamingServer server) {
        this.server = server;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port it listens on (the one asked for, or the free one it found for 0). */
    public int port() {
        return server.port();
    }

    /** Ends every open session and stops listening. */
    @Override
    public void close() {
        server.close();
    }

    /** What a {@link KubeletServer} needs: pods, runtime and TLS files; the rest has defaults. */
    public static final class Builder {
        private InetAddress address;
        private int port = DEFAULT_PORT;
        private Path certFile;
        private Path keyFile;
        private Path clientCaFile;
        private String nodeName;
        private NodePods pods;
        private ContainerRuntime runtime;
        private BiPredicate<String, List<String>> authorizer = (user, groups) ->
                user.equals("kube-apiserver-kubelet-client") || groups.contains("system:masters");
        private Path proc = Path.of("/proc");
        private Path cgroups = Path.of("/sys/fs/cgroup");
        private CriLogReader logReader = new CriLogReader();
        private boolean webSockets = true;

        private Builder() {}

        /** Where to listen; all addresses by default. */
        public Builder address(InetAddress address) {
            this.address = address;
            return this;
        }

        /** 10250 by default; 0 for any free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The kubelet's serving certificate and its key (PEM), signed by the cluster CA. */
        public Builder servingCertificate(Path certFile, Path keyFile) {
            this.certFile = certFile;
            this.keyFile = keyFile;
            return this;
        }

        /** The CA whose client certificates are accepted (PEM). */
        public Builder clientCaFile(Path clientCaFile) {
            this.clientCaFile = clientCaFile;
            return this;
        }

        public Builder nodeName(String nodeName) {
            this.nodeName = nodeName;
            return this;
        }

        public Builder pods(NodePods pods) {
            this.pods = pods;
            return this;
        }

        public Builder runtime(ContainerRuntime runtime) {
            this.runtime = runtime;
            return this;
        }

        /** Who may use the API, from the certificate's user (CN) and groups (O). */
        public Builder authorizer(BiPredicate<String, List<String>> authorizer) {
            this.authorizer = authorizer;
            return this;
        }

        /** Where /stats/summary reads: {@code /proc} and the cgroup v1 root by default. */
        public Builder statsFrom(Path proc, Path cgroupRoot) {
            this.proc = proc;
            this.cgroups = cgroupRoot;
            return this;
        }

        /** How followed logs are read (how often they are polled). */
        public Builder logReader(CriLogReader logReader) {
            this.logReader = logReader;
            return this;
        }

        /**
         * Whether exec, attach and port-forward are served over WebSocket as well as SPDY (the
         * default). False answers WebSocket upgrades with 400, as a kubelet that speaks only
         * SPDY: for tests of clients that must then fall back to SPDY.
         */
        public Builder serveWebSockets(boolean webSockets) {
            this.webSockets = webSockets;
            return this;
        }

        /** Starts listening. */
        public KubeletServer start() throws InterruptedException {
            Objects.requireNonNull(certFile, "servingCertificate");
            Objects.requireNonNull(clientCaFile, "clientCaFile");
            Objects.requireNonNull(nodeName, "nodeName");
            Objects.requireNonNull(pods, "pods");
            Objects.requireNonNull(runtime, "runtime");
            SslContext tls;
            try {
                tls = SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
                        .trustManager(clientCaFile.toFile()).clientAuth(ClientAuth.OPTIONAL).build();
            } catch (SSLException e) {
                throw new UncheckedIOException("cannot load the kubelet's TLS files " + certFile
                        + ", " + keyFile + ", " + clientCaFile + ": " + e.getMessage(), e);
            }
            ClientAuthentication authentication = new ClientAuthentication(authorizer);
            KubeletMetrics metrics = new KubeletMetrics(runtime, nodeName);
            NodeEndpoints endpoints = new NodeEndpoints(pods, metrics,
                    new NodeSummary(nodeName, pods, proc, cgroups, Clock.systemUTC()));
            InetAddress bind = address;
            if (bind == null) {
                try {
                    bind = InetAddress.getByName("0.0.0.0");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            StreamingServer server = StreamingServer.start(bind, port, tls,
                    new NodeStreamingBackend(pods, runtime, logReader),
                    pipeline -> pipeline.addLast("authentication", authentication)
                            .addLast("node-endpoints", endpoints), metrics::upgraded);
            server.serveWebSockets(webSockets);
            return new KubeletServer(server);
        }
    }
}
