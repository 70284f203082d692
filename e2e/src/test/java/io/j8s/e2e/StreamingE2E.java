package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static io.j8s.testkit.Kubectl.ok;

import io.j8s.kubelet.server.StreamingServer;
import io.j8s.testkit.Kubectl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubectl logs, exec, attach and port-forward, of the oldest, a middle and the newest kubectl, go
 * through the running server to a {@link FakeKubelet} on loopback: the node's InternalIP and
 * kubelet port point there, and the pod is bound to that node. Each kubectl speaks the protocols it
 * chooses (SPDY, WebSocket v5, SPDY tunneled in WebSocket) and falls back as it would upstream.
 */
class StreamingE2E {
    private static final String NS = "streaming";
    private static final String POD = "web";
    private static final String CONTAINER = "app";
    private static final String NODE = "fake-node";
    private static final Pattern FORWARDING =
            Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 8080");

    private static RunningServer server;
    private static FakeKubelet kubelet;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start();
        try {
            kubelet = FakeKubelet.start(server.dataDir());
            kubelet.runtime().addPod(NS, POD, CONTAINER);
            Kubectl k = server.kubectl("1.33");
            ok(k.input("apiVersion: v1\nkind: Node\nmetadata:\n  name: " + NODE + "\n",
                    "apply", "-f", "-"));
            ok(k.run("patch", "node", NODE, "--subresource=status", "--type=merge", "-p",
                    "{\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"},"
                            + "{\"type\":\"Hostname\",\"address\":\"" + NODE + "\"}],"
                            + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + kubelet.port()
                            + "}}}}"));
            ok(k.run("create", "namespace", NS));
            ok(k.input("apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + POD + "\n  namespace: " + NS
                    + "\nspec:\n  nodeName: " + NODE + "\n  containers:\n  - name: " + CONTAINER
                    + "\n    image: busybox\n    ports:\n    - containerPort: 8080\n",
                    "apply", "-f", "-"));
            ok(k.run("-n", NS, "patch", "pod", POD, "--subresource=status", "--type=merge", "-p",
                    "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\""
                            + CONTAINER + "\",\"ready\":true,\"restartCount\":0,\"image\":\"busybox\","
                            + "\"imageID\":\"\",\"state\":{\"running\":{}}}]}}"));
        } catch (Exception | AssertionError e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (kubelet != null) {
                kubelet.close();
            }
        } finally {
            server.close();
        }
    }

    static Stream<String> versions() {
        return Stream.of("1.27", "1.30", "1.33");
    }

    private static Kubectl kubectl(String version) {
        return server.kubectl(version).with("-n", NS);
    }

    /** The upgrade the fake kubelet served for the last request, as "transport protocol". */
    private static String lastUpgrade(String endpoint) {
        List<StreamingServer.Upgrade> all = kubelet.upgrades();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).endpoint().equals(endpoint)) {
                return all.get(i).transport() + " " + all.get(i).protocol();
            }
        }
        return "none";
    }

    /** What kubectl of {@code version} speaks for exec and attach: WebSocket v5 from 1.30 on. */
    private static String remoteCommandProtocol(String version) {
        return version.equals("1.27") ? "SPDY/3.1 v4.channel.k8s.io" : "websocket v5.channel.k8s.io";
    }

    /** And for port-forward: SPDY tunneled in WebSocket from 1.31 on. */
    private static String portForwardProtocol(String version) {
        return version.equals("1.33") ? "websocket SPDY/3.1+portforward.k8s.io"
                : "SPDY/3.1 portforward.k8s.io";
    }

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    @ParameterizedTest
    @MethodSource("versions")
    void logs(String version) {
        Kubectl k = kubectl(version);
        assertThat(ok(k.run("logs", POD)).out()).isEqualTo(lines(FakeContainerRuntime.LOG_LINES));
        assertThat(ok(k.run("logs", POD, "--tail=2")).out())
                .isEqualTo("handled GET /\nhandled GET /healthz\n");
        assertThat(ok(k.run("logs", POD, "-c", CONTAINER, "--tail=1", "--timestamps")).out())
                .isEqualTo("2026-01-02T03:04:09.123456789Z handled GET /healthz\n");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void logsFollowKeepsStreamingUntilTheContainerStops(String version) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        kubelet.runtime().holdNextFollowAfterFirstLine(gate);
        Process p = kubectl(version).start("logs", "-f", POD);
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            CompletableFuture<Void> firstFollowed = CompletableFuture.runAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        seen.append(line).append('\n');
                        if (line.equals("follow 1")) {
                            return;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            firstFollowed.get(30, TimeUnit.SECONDS);
            // The kubelet holds the stream open: kubectl has the lines so far and is still running.
            assertThat(seen.toString()).isEqualTo(lines(FakeContainerRuntime.LOG_LINES) + "follow 1\n");
            assertThat(p.isAlive()).isTrue();
            gate.countDown();
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(seen.toString()).isZero();
            assertThat(seen.toString()).isEqualTo(lines(FakeContainerRuntime.LOG_LINES)
                    + "follow 1\nfollow 2\nfollow 3\n");
        } finally {
            gate.countDown();
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void execRunsCommandsWithTheirStreamsAndExitCodes(String version) {
        Kubectl k = kubectl(version);
        assertThat(ok(k.run("exec", POD, "--", "echo", "hi")).out()).isEqualTo("hi\n");
        assertThat(lastUpgrade("exec")).isEqualTo(remoteCommandProtocol(version));
        assertThat(ok(k.input("line one\nline two\n", "exec", "-i", POD, "--", "cat")).out())
                .isEqualTo("line one\nline two\n");

        // A megabyte each way: more than any one frame, message or flow-control window holds.
        String big = "0123456789abcdef".repeat(64 * 1024);
        assertThat(ok(k.input(big, "exec", "-i", POD, "--", "cat")).out()).isEqualTo(big);

        Kubectl.Result exit3 = k.run("exec", POD, "--", "sh", "-c", "exit 3");
        assertThat(exit3.exitCode()).as(exit3.toString()).isEqualTo(3);
        assertThat(exit3.err()).contains("command terminated with exit code 3");

        Kubectl.Result unknown = k.run("exec", POD, "--", "no-such-command");
        assertThat(unknown.ok()).as(unknown.toString()).isFalse();
        assertThat(unknown.err()).contains("executable file not found");

        Kubectl.Result noContainer = k.run("exec", POD, "-c", "nope", "--", "echo", "hi");
        assertThat(noContainer.ok()).as(noContainer.toString()).isFalse();
        assertThat(noContainer.err()).contains("nope");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void attachReachesTheMainProcess(String version) {
        Kubectl.Result r = ok(kubectl(version).input("to the main process\n", "attach", "-i", POD));
        assertThat(r.out()).contains("to the main process\n");
        assertThat(lastUpgrade("attach")).isEqualTo(remoteCommandProtocol(version));
    }

    @ParameterizedTest
    @MethodSource("versions")
    void portForwardCarriesBytesBothWays(String version) throws Exception {
        portForwardCarriesBytesBothWays(version, portForwardProtocol(version));
    }

    /** Two connections through one kubectl port-forward, which must have used {@code protocol}. */
    private void portForwardCarriesBytesBothWays(String version, String protocol) throws Exception {
        Process p = kubectl(version).start("port-forward", "pod/" + POD, ":8080");
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Integer> localPort = CompletableFuture.supplyAsync(() -> {
                StringBuilder seen = new StringBuilder();
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        seen.append(line).append('\n');
                        Matcher m = FORWARDING.matcher(line);
                        if (m.find()) {
                            return Integer.parseInt(m.group(1));
                        }
                    }
                } catch (IOException e) {
                    seen.append(e);
                }
                throw new IllegalStateException("kubectl port-forward printed no port:\n" + seen);
            });
            int port = localPort.get(30, TimeUnit.SECONDS);
            for (String message : new String[] {"first connection\n", "second connection\n"}) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setSoTimeout(20_000);
                    OutputStream to = socket.getOutputStream();
                    InputStream from = socket.getInputStream();
                    byte[] sent = message.getBytes(StandardCharsets.UTF_8);
                    to.write(sent);
                    to.flush();
                    assertThat(new String(from.readNBytes(sent.length), StandardCharsets.UTF_8))
                            .isEqualTo(message);
                }
            }
            assertThat(p.isAlive()).isTrue();
            assertThat(lastUpgrade("portForward")).isEqualTo(protocol);
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void kubectlFallsBackToSpdyWhenTheKubeletRefusesWebSocket(String version) throws Exception {
        Kubectl k = kubectl(version);
        kubelet.serveWebSockets(false);
        try {
            assertThat(ok(k.input("over spdy\n", "exec", "-i", POD, "--", "cat")).out())
                    .isEqualTo("over spdy\n");
            assertThat(lastUpgrade("exec")).isEqualTo("SPDY/3.1 v4.channel.k8s.io");
            assertThat(k.run("exec", POD, "--", "sh", "-c", "exit 4").exitCode()).isEqualTo(4);
            portForwardCarriesBytesBothWays(version, "SPDY/3.1 portforward.k8s.io");
        } finally {
            kubelet.serveWebSockets(true);
        }
    }
}
