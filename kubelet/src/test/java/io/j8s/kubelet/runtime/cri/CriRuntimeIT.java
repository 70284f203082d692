package io.j8s.kubelet.runtime.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.j8s.kubelet.runtime.ContainerConfig;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.ExecResult;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.j8s.kubelet.runtime.RuntimeCallException;
import io.j8s.kubelet.runtime.StreamingClient;
import io.j8s.testkit.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a real runtime shows: the pod's settings inside the container, hostPorts through
 * portmap, privileged containers, cgroup limits (OOMKilled), runtime errors, and containers that
 * outlive a containerd restart.
 */
class CriRuntimeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static CriNode node;
    private static CriRuntime runtime;

    @TempDir
    Path logs;

    @BeforeAll
    static void startContainerd() throws IOException {
        assumeTrue(HostPackages.isRoot(), "containers need root");
        node = CriNode.start();
        runtime = node.runtime();
    }

    @AfterAll
    static void stopContainerd() {
        if (node != null) {
            node.close();
        }
    }

    @AfterEach
    void removePods() {
        for (ContainerStatus c : runtime.listContainers()) {
            runtime.stopContainer(c.id(), Duration.ZERO);
            runtime.removeContainer(c.id());
        }
        for (PodSandboxStatus s : runtime.listPodSandboxes()) {
            runtime.stopPodSandbox(s.id());
            runtime.removePodSandbox(s.id());
        }
    }

    private String sleeper(String name) {
        return node.start(CriNode.sandbox(name, logs, List.of()), CriNode.container(List.of("sleep", "3600"),
                ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT));
    }

    @Test
    void theContainerGetsItsConfig(@TempDir Path host) throws Exception {
        Files.writeString(host.resolve("data.txt"), "from the host");
        Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(host.resolve("data.txt"), PosixFilePermissions.fromString("rw-r--r--"));
        PodSandboxConfig sandbox = new PodSandboxConfig("mapped", "cri", UUID.randomUUID().toString(), 0,
                "mapped-host", logs,
                new PodSandboxConfig.DnsConfig(List.of("10.43.0.10"),
                        List.of("cri.svc.cluster.local", "svc.cluster.local"), List.of("ndots:5")),
                List.of(), Map.of(), Map.of(), "", false);
        ContainerConfig config = new ContainerConfig("main", 0, CriNode.BUSYBOX, List.of("sleep"), List.of("3600"),
                "/tmp", Map.of("GREETING", "hello"),
                List.of(new ContainerConfig.Mount("/mnt/host", host.toString(), true)),
                Map.of(), Map.of(), "main/0.log", false, false, false,
                new ContainerConfig.Resources(512, 50_000, 100_000, 64L << 20),
                new ContainerConfig.Security(65534L, 65534L, List.of(), false, false, List.of(), List.of(), true));
        String id = node.start(sandbox, config);

        ExecResult r = runtime.execSync(id, List.of("sh", "-c", "id -u; id -g; echo $GREETING; pwd;"
                + " cat /mnt/host/data.txt; echo; hostname; grep -v '^#' /etc/resolv.conf;"
                + " cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us;"
                + " touch /mnt/host/x 2>/dev/null && echo writable || echo read-only"), Duration.ofSeconds(10));
        assertThat(r.exitCode()).as(new String(r.stderr(), StandardCharsets.UTF_8)).isZero();
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8).lines().map(String::strip).toList())
                .containsSubsequence("65534", "65534", "hello", "/tmp", "from the host", "mapped-host",
                        "search cri.svc.cluster.local svc.cluster.local", "nameserver 10.43.0.10", "options ndots:5",
                        Long.toString(64L << 20), "50000", "read-only");
    }

    @Test
    void aHostPortReachesThePod() throws Exception {
        int hostPort = FreePorts.pick();
        node.start(CriNode.sandbox("web", logs, List.of(new PodSandboxConfig.PortMapping("TCP", 8080, hostPort, ""))),
                CriNode.container(List.of("sh", "-c", "echo pong > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"),
                        ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT));

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://" + hostAddress() + ":" + hostPort + "/index.html");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("pong\n"));
    }

    @Test
    void aPrivilegedContainerRunsWithMoreCapabilities() {
        String id = node.start(CriNode.sandbox("privileged", logs, List.of()), CriNode.container(
                List.of("sleep", "3600"), ContainerConfig.Resources.NONE,
                new ContainerConfig.Security(null, null, List.of(), false, true, List.of(), List.of(), false)));
        String unprivileged = "00000000a80425fb";

        ExecResult caps = runtime.execSync(id, List.of("grep", "CapEff", "/proc/self/status"), Duration.ofSeconds(10));
        assertThat(new String(caps.stdout(), StandardCharsets.UTF_8)).startsWith("CapEff:").doesNotContain(unprivileged);
    }

    @Test
    void execSyncThatOutlivesItsTimeoutIsCutOff() {
        String id = sleeper("slow-exec");

        long begin = System.nanoTime();
        ExecResult r = runtime.execSync(id, List.of("sleep", "30"), Duration.ofSeconds(1));
        assertThat(r.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilled() {
        String id = node.start(CriNode.sandbox("hungry", logs, List.of()), CriNode.container(
                List.of("dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"),
                new ContainerConfig.Resources(2, 0, 100_000, 16L << 20), ContainerConfig.Security.DEFAULT));

        await().atMost(WAIT).until(() -> runtime.containerStatus(id).state() == ContainerStatus.State.EXITED);
        ContainerStatus status = runtime.containerStatus(id);
        assertThat(status.reason()).isEqualTo("OOMKilled");
        assertThat(status.exitCode()).isEqualTo(137);
    }

    @Test
    void anUnknownCommandFailsWithTheRuntimesMessage() {
        PodSandboxConfig sandbox = CriNode.sandbox("unknown", logs, List.of());
        String sandboxId = runtime.runPodSandbox(sandbox);
        String id = runtime.createContainer(sandboxId, CriNode.container(List.of("no-such-command"),
                ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT), sandbox);

        assertThatThrownBy(() -> runtime.startContainer(id)).isInstanceOfSatisfying(RuntimeCallException.class, e -> {
            assertThat(e.kind()).isEqualTo(RuntimeCallException.Kind.FAILED);
            assertThat(e.getMessage()).contains("no-such-command").contains("not found");
        });
    }

    @Test
    void containersKeepRunningWhileContainerdRestarts() {
        String id = sleeper("survivor");
        ProcessHandle first = node.containerd().process();

        first.destroyForcibly();
        await().atMost(WAIT).until(() -> !first.isAlive());
        assertThatThrownBy(runtime::version).isInstanceOfSatisfying(RuntimeCallException.class,
                e -> assertThat(e.kind()).isEqualTo(RuntimeCallException.Kind.UNAVAILABLE));
        await().atMost(WAIT).ignoreExceptions().until(() -> runtime.status().ready());

        assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerStatus.State.RUNNING);
        assertThat(runtime.execSync(id, List.of("echo", "still here"), Duration.ofSeconds(10)).exitCode()).isZero();
    }

    @Test
    void aReopenedLogGoesToTheNewFile() throws IOException {
        PodSandboxConfig sandbox = CriNode.sandbox("rotating", logs, List.of());
        String id = node.start(sandbox, CriNode.container(List.of("sh", "-c", "while :; do echo tick; sleep 0.1; done"),
                ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT));
        Path log = sandbox.logDirectory().resolve("main/0.log");
        await().atMost(WAIT).until(() -> Files.exists(log) && Files.size(log) > 0);

        Files.move(log, log.resolveSibling("0.log.1"));
        runtime.reopenContainerLog(id);
        await().atMost(WAIT).until(() -> Files.exists(log)
                && Files.readString(log).lines().anyMatch(l -> l.endsWith(" stdout F tick")));
    }

    @Test
    void execAttachAndPortForwardHandTheRuntimesStreamingUrlToTheClient() throws Exception {
        String id = sleeper("streams");
        String sandboxId = runtime.containerStatus(id).sandboxId();
        List<String> urls = new java.util.concurrent.CopyOnWriteArrayList<>();
        StreamingClient recording = new StreamingClient() {
            @Override
            public int remoteCommand(URI url, ProcessStreams streams) {
                urls.add(url.toString());
                return 0;
            }

            @Override
            public PortConnection portForward(URI url, int port) {
                urls.add(url + " port " + port);
                return null;
            }
        };
        ProcessStreams streams = new ProcessStreams(null, OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), false);
        try (CriRuntime streaming = CriRuntime.connect(node.containerd().endpoint(), recording, null)) {
            streaming.exec(id, List.of("echo", "hi"), streams);
            streaming.attach(id, streams);
            streaming.portForward(sandboxId, 8080);
        }

        assertThat(urls).hasSize(3);
        assertThat(urls.get(0)).matches("http://127\\.0\\.0\\.1:\\d+/exec/\\S+");
        assertThat(urls.get(1)).matches("http://127\\.0\\.0\\.1:\\d+/attach/\\S+");
        assertThat(urls.get(2)).matches("http://127\\.0\\.0\\.1:\\d+/portforward/\\S+ port 8080");
        assertThatThrownBy(() -> runtime.exec(id, List.of("true"), streams)).isInstanceOf(IOException.class)
                .hasMessageContaining("no streaming client");
    }

    @Test
    void timings() throws IOException {
        long begin = System.nanoTime();
        String id = sleeper("timing");
        long podMs = (System.nanoTime() - begin) / 1_000_000;
        assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerStatus.State.RUNNING);

        Ctr ctr = new Ctr(node.containerd().socket());
        long[] raw = new long[3];
        for (int i = 0; i < raw.length; i++) {
            long t = System.nanoTime();
            ctr.run("run", "--rm", CriNode.BUSYBOX, "j8s-cri-it-raw-" + i, "true");
            raw[i] = (System.nanoTime() - t) / 1_000_000;
        }
        System.out.printf("sandbox + container running: %d ms; raw ctr run --rm: %s ms%n", podMs, Arrays.toString(raw));
    }

    /** An IPv4 address of this host that is not loopback and not on the pod bridge. */
    private static String hostAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || nic.getName().equals(CniConfig.BRIDGE)
                    || nic.getName().startsWith("veth")) {
                continue;
            }
            for (var address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return address.getHostAddress();
                }
            }
        }
        throw new IllegalStateException("no IPv4 address on this host");
    }
}
