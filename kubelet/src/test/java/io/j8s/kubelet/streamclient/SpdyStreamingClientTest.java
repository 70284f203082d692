package io.j8s.kubelet.streamclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.j8s.kubelet.runtime.CommandFailure;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.j8s.kubelet.server.StreamingBackend;
import io.j8s.kubelet.server.StreamingServer;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client end of CRI streaming against the kubelet's own streaming server, which speaks the
 * same SPDY protocols as containerd's: exec with stdin to end of file, exit codes, a command that
 * cannot start, TTY, and port-forward to an echo server.
 */
class SpdyStreamingClientTest {
    private static StreamingServer server;
    private static ServerSocket echo;
    private static SpdyStreamingClient client;

    /** Knows pod ns/p with container c: cat, sh -c 'exit N', a TTY echo, and an echo port. */
    private static final class Backend implements StreamingBackend {
        @Override
        public boolean hasContainer(String namespace, String pod, String container) {
            return hasPod(namespace, pod) && container.equals("c");
        }

        @Override
        public boolean hasPod(String namespace, String pod) {
            return namespace.equals("ns") && pod.equals("p");
        }

        @Override
        public void logs(String namespace, String pod, String container, LogOptions options,
                LogSink out) {}

        @Override
        public int exec(String namespace, String pod, String container, List<String> command,
                ProcessStreams streams) throws IOException, CommandFailure {
            switch (command.get(0)) {
                case "cat" -> {
                    streams.stdin().transferTo(streams.stdout());
                    return 0;
                }
                case "sh" -> {
                    streams.stderr().write("exiting\n".getBytes(StandardCharsets.UTF_8));
                    return Integer.parseInt(command.get(2).substring("exit ".length()));
                }
                case "tty" -> {
                    streams.stdout().write(("tty=" + streams.tty() + " stderr="
                            + (streams.stderr() != null)).getBytes(StandardCharsets.UTF_8));
                    return 0;
                }
                default -> throw new CommandFailure("exec: \"" + command.get(0)
                        + "\": executable file not found in $PATH");
            }
        }

        @Override
        public int attach(String namespace, String pod, String container, ProcessStreams streams)
                throws IOException {
            streams.stdout().write("attached\n".getBytes(StandardCharsets.UTF_8));
            return 0;
        }

        @Override
        public PortConnection portForward(String namespace, String pod, int port) throws IOException {
            if (port != 8080) {
                throw new IOException("connection refused");
            }
            return PortConnection.of(new Socket(InetAddress.getLoopbackAddress(), echo.getLocalPort()));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (true) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // reset by the test
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        server = StreamingServer.start(InetAddress.getLoopbackAddress(), 0,
                SslContextBuilder.forServer(cert.key(), cert.cert()).build(), new Backend());
        client = new SpdyStreamingClient(SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build());
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        server.close();
        echo.close();
    }

    private static URI url(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + server.port() + pathAndQuery);
    }

    @Test
    void execCopiesStdinThroughCatUntilEndOfFile() throws Exception {
        byte[] input = new byte[300_000];
        new Random(7).nextBytes(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = client.remoteCommand(url("/exec/ns/p/c?command=cat&stdin=1&stdout=1"),
                new ProcessStreams(new ByteArrayInputStream(input), out, null, false));
        assertThat(code).isZero();
        assertThat(out.toByteArray()).isEqualTo(input);
    }

    @Test
    void execReportsTheExitCodeAndStderr() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = client.remoteCommand(url("/exec/ns/p/c?command=sh&command=-c&command=exit+3"
                + "&stdout=1&stderr=1"), new ProcessStreams(null, out, err, false));
        assertThat(code).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("exiting\n");
    }

    @Test
    void aCommandThatCannotStartIsACommandFailure() {
        assertThatThrownBy(() -> client.remoteCommand(url("/exec/ns/p/c?command=nope&stdout=1"),
                new ProcessStreams(null, new ByteArrayOutputStream(), null, false)))
                .isInstanceOf(CommandFailure.class)
                .hasMessage("exec: \"nope\": executable file not found in $PATH");
    }

    @Test
    void aTtyOpensTheResizeStreamAndNoStderr() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = client.remoteCommand(url("/exec/ns/p/c?command=tty&stdout=1&stderr=1&tty=1"),
                new ProcessStreams(null, out, new ByteArrayOutputStream(), true));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("tty=true stderr=false");
    }

    @Test
    void attachRunsLikeExec() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(client.remoteCommand(url("/attach/ns/p/c?stdout=1"),
                new ProcessStreams(null, out, null, false))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("attached\n");
    }

    @Test
    void aRefusedUpgradeSaysWhy() {
        assertThatThrownBy(() -> client.remoteCommand(url("/exec/ns/p/gone?command=cat&stdout=1"),
                new ProcessStreams(null, new ByteArrayOutputStream(), null, false)))
                .isInstanceOf(IOException.class)
                .hasMessage("unable to upgrade connection: container not found (\"gone\")");
    }

    @Test
    void portForwardCarriesBytesBothWaysAndHalfCloses() throws Exception {
        try (PortConnection c = client.portForward(url("/portForward/ns/p"), 8080)) {
            try (OutputStream out = c.output()) {
                out.write("through the pod".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(new String(c.input().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("through the pod");
        }
        // A second connection, on a session of its own.
        try (PortConnection c = client.portForward(url("/portForward/ns/p"), 8080)) {
            c.output().write('x');
            c.output().close();
            assertThat(c.input().readAllBytes()).containsExactly('x');
        }
    }

    @Test
    void portForwardToAClosedPortReadsTheServersError() throws Exception {
        try (PortConnection c = client.portForward(url("/portForward/ns/p"), 9999)) {
            assertThatThrownBy(() -> c.input().readAllBytes()).isInstanceOf(IOException.class)
                    .hasMessageContaining("error forwarding port 9999 to pod p")
                    .hasMessageContaining("connection refused");
        }
    }
}
