package io.j8s.kubelet.runtime.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.j8s.kubelet.images.OciArchive;
import io.j8s.kubelet.runtime.ContainerConfig;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerRuntimeContract;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.ExecResult;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime contract on a real containerd that the test starts as the agent would (managed, in
 * a temporary data dir), with the pause image and the busybox test image imported as air-gap
 * images and the CNI bridge on a pod CIDR no other test uses. Afterwards nothing of it is left.
 */
class CriRuntimeContractIT extends ContainerRuntimeContract {
    static final String POD_CIDR = "10.42.250.0/24";
    static final String BUSYBOX = "docker.io/library/busybox:j8s";

    private static HostLeftovers before;
    private static Path dataDir;
    private static ManagedContainerd containerd;
    private static CriRuntime runtime;

    @BeforeAll
    static void startContainerd() throws IOException {
        assumeTrue(HostPackages.isRoot(), "containers need root");
        before = HostLeftovers.now();
        dataDir = Files.createTempDirectory("j8s-cri-it-");
        try {
            long begin = System.nanoTime();
            containerd = ManagedContainerd.start(dataDir, PauseImage.REF);
            long started = System.nanoTime();
            PauseImage.ensure(containerd.socket(), dataDir.resolve("agent/containerd"));
            OciArchive.busybox(dataDir.resolve("agent/images/busybox.tar"), BUSYBOX);
            assertThat(AirgapImages.importAll(dataDir, containerd.socket()))
                    .containsValue(AirgapImages.Outcome.IMPORTED);
            System.out.printf("containerd start: %d ms; pause + busybox image build and import: %d ms%n",
                    (started - begin) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
            runtime = CriRuntime.connect(containerd.endpoint(), null, CniConfig.under(dataDir));
            runtime.updatePodCidr(POD_CIDR);
        } catch (IOException | RuntimeException | Error e) {
            stopContainerd();
            throw e;
        }
    }

    @AfterAll
    static void stopContainerd() {
        try {
            if (runtime != null) {
                for (ContainerStatus c : runtime.listContainers()) {
                    runtime.stopContainer(c.id(), Duration.ZERO);
                    runtime.removeContainer(c.id());
                }
                for (PodSandboxStatus s : runtime.listPodSandboxes()) {
                    runtime.stopPodSandbox(s.id());
                    runtime.removePodSandbox(s.id());
                }
                runtime.close();
            }
        } finally {
            if (containerd != null) {
                containerd.close();
            }
            if (dataDir != null) {
                HostLeftovers.cleanUp(dataDir, POD_CIDR);
                HostLeftovers after = HostLeftovers.now();
                if (System.getenv("J8S_KEEP") == null) {
                    HostLeftovers.deleteTree(dataDir);
                }
                assertThat(after.newSince(before)).as("left on the host").isEmpty();
            }
        }
    }

    @Override
    protected ContainerRuntime runtime() {
        return runtime;
    }

    @Override
    protected String podCidr() {
        return POD_CIDR;
    }

    @Override
    protected String image() {
        return BUSYBOX;
    }

    @Test
    void versionNamesContainerd() {
        assertThat(runtime.version().forNode()).startsWith("containerd://");
        assertThat(runtime.version().runtimeApiVersion()).isEqualTo("v1");
    }

    @Test
    void aPodReachesAnotherPodsIp() throws Exception {
        PodSandboxConfig a = sandbox("pod-a", Map.of());
        PodSandboxConfig b = sandbox("pod-b", Map.of());
        String sandboxA = run(a);
        String sandboxB = run(b);
        start(sandboxA, a, List.of("sleep", "3600"));
        String inB = start(sandboxB, b, List.of("sleep", "3600"));
        String ipA = runtime.podSandboxStatus(sandboxA).ip();

        ExecResult ping = runtime.execSync(inB, List.of("ping", "-c", "1", "-W", "2", ipA), Duration.ofSeconds(10));
        assertThat(ping.exitCode()).as(new String(ping.stdout()) + new String(ping.stderr())).isZero();
    }

    @Test
    void theContainerGetsItsConfig(@TempDir Path host) throws Exception {
        Files.writeString(host.resolve("data.txt"), "from the host");
        Files.setPosixFilePermissions(host, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(host.resolve("data.txt"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        PodSandboxConfig sandbox = new PodSandboxConfig("mapped", "contract", UUID.randomUUID().toString(), 0,
                "mapped-host", host.resolve("logs"),
                new PodSandboxConfig.DnsConfig(List.of("10.43.0.10"),
                        List.of("contract.svc.cluster.local", "svc.cluster.local"), List.of("ndots:5")),
                List.of(), Map.of(), Map.of(), "", false);
        String sandboxId = run(sandbox);
        ContainerConfig config = new ContainerConfig("main", 0, BUSYBOX, List.of("sleep"), List.of("3600"), "/tmp",
                Map.of("GREETING", "hello"), List.of(new ContainerConfig.Mount("/mnt/host", host.toString(), true)),
                Map.of(), Map.of(), "main/0.log", false, false, false,
                new ContainerConfig.Resources(512, 50_000, 100_000, 64L << 20),
                new ContainerConfig.Security(65534L, 65534L, List.of(), false, false, List.of(), List.of(), true));
        String id = runtime.createContainer(sandboxId, config, sandbox);
        runtime.startContainer(id);

        ExecResult r = runtime.execSync(id, List.of("sh", "-c", "id -u; id -g; echo $GREETING; pwd;"
                + " cat /mnt/host/data.txt; echo; hostname; grep -v '^#' /etc/resolv.conf;"
                + " cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us;"
                + " touch /mnt/host/x 2>/dev/null && echo writable || echo read-only"), Duration.ofSeconds(10));
        assertThat(r.exitCode()).as(new String(r.stderr())).isZero();
        assertThat(new String(r.stdout()).lines().map(String::strip).toList()).containsSubsequence(
                "65534", "65534", "hello", "/tmp", "from the host", "mapped-host",
                "search contract.svc.cluster.local svc.cluster.local", "nameserver 10.43.0.10", "options ndots:5",
                Long.toString(64L << 20), "50000", "read-only");
    }

    @Test
    void execSyncThatOutlivesItsTimeoutIsCutOff() {
        PodSandboxConfig sandbox = sandbox("slow-exec", Map.of());
        String id = start(run(sandbox), sandbox, List.of("sleep", "3600"));

        long begin = System.nanoTime();
        ExecResult r = runtime.execSync(id, List.of("sleep", "30"), Duration.ofSeconds(1));
        assertThat(r.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aPrivilegedContainerRunsWithEveryCapability() {
        PodSandboxConfig sandbox = sandbox("privileged", Map.of());
        String sandboxId = run(sandbox);
        ContainerConfig config = new ContainerConfig("main", 0, BUSYBOX, List.of("sleep", "3600"), List.of(), "",
                Map.of(), List.of(), Map.of(), Map.of(), "main/0.log", false, false, false,
                ContainerConfig.Resources.NONE,
                new ContainerConfig.Security(null, null, List.of(), false, true, List.of(), List.of(), false));
        String id = runtime.createContainer(sandboxId, config, sandbox);
        runtime.startContainer(id);
        String unprivileged = "00000000a80425fb";

        ExecResult caps = runtime.execSync(id, List.of("grep", "CapEff", "/proc/self/status"), Duration.ofSeconds(10));
        assertThat(new String(caps.stdout())).startsWith("CapEff:").doesNotContain(unprivileged);
    }

    @Test
    void aHostPortReachesThePod(@TempDir Path logs) throws Exception {
        int hostPort = io.j8s.testkit.FreePorts.pick();
        PodSandboxConfig sandbox = new PodSandboxConfig("web", "contract", UUID.randomUUID().toString(), 0, "web",
                logs, null,
                List.of(new PodSandboxConfig.PortMapping("TCP", 8080, hostPort, "")), Map.of(), Map.of(), "", false);
        String sandboxId = run(sandbox);
        start(sandboxId, sandbox, List.of("sh", "-c", "echo pong > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"));
        String hostIp = hostAddress();

        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).build();
        java.net.URI uri = java.net.URI.create("http://" + hostIp + ":" + hostPort + "/index.html");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                assertThat(client.send(java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("pong\n"));
    }

    /** An IPv4 address of this host that is not loopback and not on the pod bridge. */
    private static String hostAddress() throws Exception {
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || nic.getName().equals(CniConfig.BRIDGE)
                    || nic.getName().startsWith("veth")) {
                continue;
            }
            for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                if (address instanceof java.net.Inet4Address) {
                    return address.getHostAddress();
                }
            }
        }
        throw new IllegalStateException("no IPv4 address on this host");
    }

    @Test
    void timings() throws Exception {
        long begin = System.nanoTime();
        PodSandboxConfig config = sandbox("timing", Map.of());
        String id = run(config);
        String c = start(id, config, List.of("sleep", "3600"));
        long podMs = (System.nanoTime() - begin) / 1_000_000;
        assertThat(runtime.containerStatus(c).state()).isEqualTo(ContainerStatus.State.RUNNING);

        Ctr ctr = new Ctr(containerd.socket());
        long[] raw = new long[3];
        for (int i = 0; i < raw.length; i++) {
            long t = System.nanoTime();
            ctr.run("run", "--rm", BUSYBOX, "j8s-cri-it-raw-" + i, "true");
            raw[i] = (System.nanoTime() - t) / 1_000_000;
        }
        System.out.printf("sandbox + container running: %d ms; raw ctr run --rm: %s ms%n", podMs,
                java.util.Arrays.toString(raw));
    }
}
