package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.j8s.api.J8sVersion;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ExecResult;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.RuntimeCallException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * What probes and lifecycle hooks run: exec in the container (CRI's ExecSync), an HTTP GET and a
 * TCP connect to the pod. Where the host reaches pod IPs they connect there, as upstream; where it
 * does not (the sim runtime), through the runtime's port-forward, so no packet goes astray. A
 * result is success or failure with upstream's words for why.
 */
final class Handlers {
    record Result(boolean success, String output) {
        static Result ok(String output) {
            return new Result(true, output);
        }

        static Result failed(String output) {
            return new Result(false, output);
        }
    }

    private final ContainerRuntime runtime;

    Handlers(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    Result exec(String containerId, List<String> command, Duration timeout) {
        try {
            ExecResult r = runtime.execSync(containerId, command, timeout);
            String out = new String(r.stdout(), StandardCharsets.UTF_8)
                    + new String(r.stderr(), StandardCharsets.UTF_8);
            if (r.timedOut()) {
                return Result.failed("command \"" + String.join(" ", command) + "\" timed out");
            }
            return r.exitCode() == 0 ? Result.ok(out) : Result.failed(out.isEmpty()
                    ? "command \"" + String.join(" ", command) + "\" exited with " + r.exitCode()
                    : out);
        } catch (RuntimeCallException e) {
            return Result.failed(e.getMessage());
        }
    }

    Result httpGet(HTTPGetAction get, Container c, String podIp, String sandboxId, Duration timeout) {
        String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
        int port;
        try {
            port = port(get.getPort(), c);
        } catch (IllegalArgumentException e) {
            return Result.failed(e.getMessage());
        }
        String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
        boolean https = "HTTPS".equalsIgnoreCase(get.getScheme());
        String url = (https ? "https" : "http") + "://" + host + ":" + port + path;
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        boolean hostHeader = false;
        boolean agent = false;
        if (get.getHttpHeaders() != null) {
            for (HTTPHeader h : get.getHttpHeaders()) {
                request.append(h.getName()).append(": ").append(h.getValue()).append("\r\n");
                hostHeader |= h.getName().equalsIgnoreCase("Host");
                agent |= h.getName().equalsIgnoreCase("User-Agent");
            }
        }
        if (!hostHeader) {
            request.append("Host: ").append(host).append(':').append(port).append("\r\n");
        }
        if (!agent) {
            request.append("User-Agent: kube-probe/").append(minorVersion()).append("\r\n");
        }
        request.append("Accept: */*\r\nConnection: close\r\n\r\n");
        return withTimeout(timeout, url, () -> {
            try (Conn conn = connect(host, port, sandboxId, https, timeout)) {
                conn.out().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
                conn.out().flush();
                String status = readLine(conn.in());
                String[] parts = status.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    return Result.failed("Get \"" + url + "\": malformed HTTP response \""
                            + status + "\"");
                }
                int code = Integer.parseInt(parts[1]);
                if (code >= 200 && code < 400) {
                    return Result.ok("");
                }
                return Result.failed("HTTP probe failed with statuscode: " + code);
            }
        });
    }

    Result tcp(IntOrString portValue, Container c, String host, String podIp, String sandboxId,
            Duration timeout) {
        String target = host == null || host.isEmpty() ? podIp : host;
        int port;
        try {
            port = port(portValue, c);
        } catch (IllegalArgumentException e) {
            return Result.failed(e.getMessage());
        }
        return withTimeout(timeout, target + ":" + port, () -> {
            try (Conn conn = connect(target, port, sandboxId, false, timeout)) {
                return Result.ok("");
            }
        });
    }

    /** A grpc probe; on a runtime whose pod IPs are not reachable (sim), it succeeds. */
    Result grpc(io.fabric8.kubernetes.api.model.GRPCAction action, String podIp,
            Duration timeout) {
        if (!runtime.podIpsReachable()) {
            return Result.ok("");
        }
        return GrpcHealthProbe.check(action, podIp, timeout);
    }

    private interface Attempt {
        Result run() throws IOException;
    }

    private Result withTimeout(Duration timeout, String target, Attempt attempt) {
        CompletableFuture<Result> f = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                f.complete(attempt.run());
            } catch (IOException | RuntimeException e) {
                f.complete(Result.failed("dial tcp " + target + ": " + e.getMessage()));
            }
        });
        try {
            return f.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            return Result.failed("Get \"" + target + "\": context deadline exceeded"
                    + " (Client.Timeout exceeded while awaiting headers)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("interrupted");
        } catch (ExecutionException e) {
            return Result.failed(e.getCause().getMessage());
        }
    }

    private record Conn(InputStream in, OutputStream out, Closeable closer) implements Closeable {
        @Override
        public void close() throws IOException {
            closer.close();
        }
    }

    private Conn connect(String host, int port, String sandboxId, boolean tls, Duration timeout)
            throws IOException {
        if (!runtime.podIpsReachable()) {
            PortConnection pc = runtime.portForward(sandboxId, port);
            return new Conn(pc.input(), pc.output(), pc);
        }
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        if (tls) {
            SSLSocket ssl = (SSLSocket) insecureTls().getSocketFactory()
                    .createSocket(socket, host, port, true);
            ssl.startHandshake();
            return new Conn(ssl.getInputStream(), ssl.getOutputStream(), ssl);
        }
        return new Conn(socket.getInputStream(), socket.getOutputStream(), socket);
    }

    /** Probes do not verify certificates, as upstream's. */
    private static SSLContext insecureTls() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (b != '\r') {
                s.append((char) b);
            }
            if (s.length() > 4096) {
                break;
            }
        }
        return s.toString();
    }

    static int port(IntOrString value, Container c) {
        if (value == null) {
            throw new IllegalArgumentException("no port given");
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String name = value.getStrVal();
        if (name.matches("\\d+")) {
            return Integer.parseInt(name);
        }
        if (c.getPorts() != null) {
            for (ContainerPort p : c.getPorts()) {
                if (name.equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        throw new IllegalArgumentException("couldn't find port: " + name + " in "
                + c.getName());
    }

    private static String minorVersion() {
        String v = J8sVersion.kubernetesVersion().substring(1);
        String[] parts = v.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : v;
    }
}
