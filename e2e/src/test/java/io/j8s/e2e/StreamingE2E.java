package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.kubelet.runtime.sim.SimRuntime;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
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
 * through the running server to the kubelet of {@code j8s server --runtime sim}: its own node
 * agent, with the real kubelet API on a free port and the sim runtime behind it. Each kubectl
 * speaks the protocols it chooses (SPDY, WebSocket v5, SPDY tunneled in WebSocket), as the
 * kubelet's {@code kubelet_streaming_upgrades_total} on /metrics shows, and falls back to SPDY
 * when a second node, {@code j8s agent --kubelet-spdy-only}, refuses WebSocket.
 */
class StreamingE2E {
    private static final String NS = "streaming";
    private static final String POD = "web";
    private static final String CONTAINER = "app";
    private static final String NODE = "stream-node";
    private static final String SPDY_NODE = "spdy-node";
    private static final String SPDY_POD = "web-spdy";
    private static final String DONE_POD = "done";
    private static final Pattern FORWARDING =
            Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 8080");
    private static final Pattern UPGRADES = Pattern.compile("kubelet_streaming_upgrades_total\\{"
            + "endpoint=\"([^\"]*)\",protocol=\"([^\"]*)\",transport=\"([^\"]*)\",?} (\\S+)");
    private static final Pattern TIMESTAMPED =
            Pattern.compile("(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z) (.*)");

    private static RunningServer server;
    private static RunningAgent spdyAgent;
    private static int kubeletPort;
    private static int spdyKubeletPort;
    /** What {@code kubectl logs done} shows: the finished container's whole log. */
    private static String doneLog;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.startWithAgent("--node-name", NODE);
        try {
            spdyAgent = RunningAgent.start(server, SPDY_NODE, "--kubelet-spdy-only");
            Kubectl k = server.kubectl("1.33");
            kubeletPort = readyNodeKubeletPort(k, NODE, null);
            spdyKubeletPort = readyNodeKubeletPort(k, SPDY_NODE, spdyAgent);
            ok(k.run("create", "namespace", NS));
            create(k, POD, NODE, Map.of(), "Always");
            create(k, SPDY_POD, SPDY_NODE, Map.of(), "Always");
            // A container that logs a line every 50 ms for a second and ends: a log that stays put.
            create(k, DONE_POD, NODE, Map.of(SimRuntime.LOG_EVERY, "50ms",
                    SimRuntime.EXIT_AFTER, "1:0"), "Never");
            awaitPhase(POD, "Running");
            awaitPhase(SPDY_POD, "Running");
            awaitPhase(DONE_POD, "Succeeded");
            doneLog = ok(k.with("-n", NS).run("logs", DONE_POD)).out();
        } catch (Exception | AssertionError e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        try {
            if (spdyAgent != null) {
                spdyAgent.close();
            }
        } finally {
            server.close();
        }
    }

    /** Waits for {@code node} to be Ready with a pod CIDR; its kubelet port, from its status. */
    private static int readyNodeKubeletPort(Kubectl k, String node, RunningAgent agent) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            if (agent != null && !agent.isAlive()) {
                throw new AssertionError("the agent exited:\n" + agent.log());
            }
            Kubectl.Result r = k.run("get", "node", node, "-o", "jsonpath={.status.conditions[?(@"
                    + ".type==\"Ready\")].status} {.spec.podCIDR}");
            return r.ok() && r.out().matches("True \\S+");
        });
        return Integer.parseInt(ok(k.run("get", "node", node, "-o",
                "jsonpath={.status.daemonEndpoints.kubeletEndpoint.Port}")).out());
    }

    private static void create(Kubectl k, String pod, String node, Map<String, String> annotations,
            String restartPolicy) {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: ")
                .append(pod).append("\n  namespace: ").append(NS).append('\n');
        if (!annotations.isEmpty()) {
            yaml.append("  annotations:\n");
            annotations.forEach((key, value) -> yaml.append("    ").append(key).append(": \"")
                    .append(value).append("\"\n"));
        }
        yaml.append("spec:\n  nodeName: ").append(node).append("\n  restartPolicy: ")
                .append(restartPolicy).append("\n  containers:\n  - name: ").append(CONTAINER)
                .append("\n    image: busybox\n    ports:\n    - containerPort: 8080\n");
        ok(k.input(yaml.toString(), "apply", "-f", "-"));
    }

    private static void awaitPhase(String pod, String phase) {
        await().atMost(Duration.ofSeconds(60)).until(() -> kubectl("1.33").run("get", "pod", pod,
                "-o", "jsonpath={.status.phase}").out().equals(phase));
    }

    static Stream<String> versions() {
        return Stream.of("1.27", "1.30", "1.33");
    }

    private static Kubectl kubectl(String version) {
        return server.kubectl(version).with("-n", NS);
    }

    /** The kubelet's upgrade counters, "endpoint transport protocol" to count, read by kubectl. */
    private static Map<String, Double> upgrades(int port) {
        String metrics = ok(server.kubectl(null).run("--server", "https://127.0.0.1:" + port,
                "get", "--raw", "/metrics")).out();
        Map<String, Double> counts = new HashMap<>();
        Matcher m = UPGRADES.matcher(metrics);
        while (m.find()) {
            counts.put(m.group(1) + " " + m.group(3) + " " + m.group(2),
                    Double.parseDouble(m.group(4)));
        }
        return counts;
    }

    /** What the kubelet on {@code port} upgraded {@code endpoint} connections to while {@code r} ran. */
    private static Set<String> upgradedDuring(int port, String endpoint, ThrowingRunnable r)
            throws Exception {
        Map<String, Double> before = upgrades(port);
        r.run();
        Set<String> used = new TreeSet<>();
        upgrades(port).forEach((key, count) -> {
            if (key.startsWith(endpoint + " ") && count > before.getOrDefault(key, 0.0)) {
                used.add(key.substring(endpoint.length() + 1));
            }
        });
        return used;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
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

    /** A sim container's log with {@code n} numbered lines. */
    private static List<String> simLog(int n) {
        List<String> lines = new ArrayList<>(List.of("sim: started " + CONTAINER));
        for (int i = 1; i <= n; i++) {
            lines.add("sim: line " + i);
        }
        return lines;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void logs(String version) {
        List<String> lines = doneLog.lines().toList();
        assertThat(lines).hasSizeGreaterThan(5).isEqualTo(simLog(lines.size() - 1));
        String last = lines.getLast();
        Kubectl k = kubectl(version);
        assertThat(ok(k.run("logs", DONE_POD)).out()).isEqualTo(doneLog);
        assertThat(ok(k.run("logs", DONE_POD, "--tail=2")).out())
                .isEqualTo(lines.get(lines.size() - 2) + "\n" + last + "\n");
        String stamped = ok(k.run("logs", DONE_POD, "-c", CONTAINER, "--tail=1", "--timestamps"))
                .out();
        Matcher m = TIMESTAMPED.matcher(stamped.strip());
        assertThat(m.matches()).as(stamped).isTrue();
        assertThat(m.group(2)).isEqualTo(last);
        assertThat(Instant.parse(m.group(1))).isBetween(Instant.now().minus(Duration.ofMinutes(5)),
                Instant.now());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void logsFollowKeepsStreamingUntilTheContainerStops(String version) throws Exception {
        String pod = "follow-" + version.replace('.', '-');
        // A line every 100 ms for 8 s, then the container ends.
        create(server.kubectl("1.33"), pod, NODE, Map.of(SimRuntime.LOG_EVERY, "100ms",
                SimRuntime.EXIT_AFTER, "8:0"), "Never");
        awaitPhase(pod, "Running");
        Process p = kubectl(version).start("logs", "-f", "--timestamps", pod);
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            String first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            Instant firstSeen = Instant.now();
            boolean aliveAtFirst = p.isAlive();
            seen.add(first);
            for (String line; (line = out.readLine()) != null; ) {
                seen.add(line);
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join("\n", seen)).isZero();
            List<String> texts = new ArrayList<>();
            Instant lastWritten = null;
            for (String line : seen) {
                Matcher m = TIMESTAMPED.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                texts.add(m.group(2));
                lastWritten = Instant.parse(m.group(1));
            }
            assertThat(texts).hasSizeGreaterThan(10).isEqualTo(simLog(texts.size() - 1));
            // kubectl had the first line while the kubelet held the stream open, well before the
            // container wrote its last one and stopped, which is what ended the stream.
            assertThat(aliveAtFirst).isTrue();
            assertThat(firstSeen).isBefore(lastWritten.minusMillis(500));
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void execRunsCommandsWithTheirStreamsAndExitCodes(String version) throws Exception {
        Kubectl k = kubectl(version);
        assertThat(upgradedDuring(kubeletPort, "exec", () ->
                assertThat(ok(k.run("exec", POD, "--", "echo", "hi")).out()).isEqualTo("hi\n")))
                .containsExactly(remoteCommandProtocol(version));
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
    void attachReachesTheMainProcess(String version) throws Exception {
        assertThat(upgradedDuring(kubeletPort, "attach", () -> {
            Kubectl.Result r = ok(kubectl(version).input("to the main process\n", "attach", "-i", POD));
            assertThat(r.out()).contains("to the main process\n");
        })).containsExactly(remoteCommandProtocol(version));
    }

    @ParameterizedTest
    @MethodSource("versions")
    void portForwardCarriesBytesBothWays(String version) throws Exception {
        assertThat(upgradedDuring(kubeletPort, "portForward",
                () -> portForwardCarriesBytesBothWays(version, POD)))
                .containsExactly(portForwardProtocol(version));
    }

    /** Two connections through one kubectl port-forward to {@code pod}'s port 8080 (an echo). */
    private static void portForwardCarriesBytesBothWays(String version, String pod)
            throws Exception {
        Process p = kubectl(version).start("port-forward", "pod/" + pod, ":8080");
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
        assertThat(upgradedDuring(spdyKubeletPort, "exec", () ->
                assertThat(ok(k.input("over spdy\n", "exec", "-i", SPDY_POD, "--", "cat")).out())
                        .isEqualTo("over spdy\n")))
                .containsExactly("SPDY/3.1 v4.channel.k8s.io");
        assertThat(k.run("exec", SPDY_POD, "--", "sh", "-c", "exit 4").exitCode()).isEqualTo(4);
        assertThat(upgradedDuring(spdyKubeletPort, "portForward",
                () -> portForwardCarriesBytesBothWays(version, SPDY_POD)))
                .containsExactly("SPDY/3.1 portforward.k8s.io");
    }
}
