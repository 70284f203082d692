package io.j8s.kubelet.runtime.cri;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.kubelet.images.OciArchive;
import io.j8s.kubelet.runtime.ContainerConfig;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import io.j8s.testkit.Directories;
import io.j8s.testkit.HostLeftovers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A node's container runtime as the agent sets it up, for tests: a managed containerd in a
 * temporary data dir, the pause image, the busybox test image imported as an air-gap image, and
 * the CNI bridge on {@link #POD_CIDR}. {@link #close} removes every sandbox, stops containerd,
 * removes what the CNI plugins leave (cni0, portmap's chains) and fails if anything of it is left on the host.
 */
final class CriNode implements AutoCloseable {
    static final String POD_CIDR = "10.42.250.0/24";
    static final String BUSYBOX = "docker.io/library/busybox:j8s";

    private final HostLeftovers before;
    private final Path dataDir;
    private ManagedContainerd containerd;
    private CriRuntime runtime;

    private CriNode(HostLeftovers before, Path dataDir) {
        this.before = before;
        this.dataDir = dataDir;
    }

    /** What a test of this package leaves on the host: its data dirs, shims and pod addresses. */
    static HostLeftovers leftovers() {
        return HostLeftovers.now(POD_CIDR.replace("0/24", ""), "j8s-cri-it-", "/run/j8s/");
    }

    static CriNode start() throws IOException {
        CriNode node = new CriNode(leftovers(), Files.createTempDirectory("j8s-cri-it-"));
        try {
            long begin = System.nanoTime();
            node.containerd = ManagedContainerd.start(node.dataDir, PauseImage.REF);
            long started = System.nanoTime();
            PauseImage.ensure(node.containerd.socket(), node.dataDir.resolve("agent/containerd"));
            OciArchive.busybox(node.dataDir.resolve("agent/images/busybox.tar"), BUSYBOX);
            assertThat(AirgapImages.importAll(node.dataDir, node.containerd.socket()))
                    .containsValue(AirgapImages.Outcome.IMPORTED);
            System.out.printf("containerd start: %d ms; pause + busybox image build and import: %d ms%n",
                    (started - begin) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
            node.runtime = CriRuntime.connect(node.containerd.endpoint(), null, CniConfig.under(node.dataDir));
            node.runtime.updatePodCidr(POD_CIDR);
            return node;
        } catch (IOException | RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    CriRuntime runtime() {
        return runtime;
    }

    ManagedContainerd containerd() {
        return containerd;
    }

    static PodSandboxConfig sandbox(String name, Path logs, List<PodSandboxConfig.PortMapping> ports) {
        String uid = UUID.randomUUID().toString();
        return new PodSandboxConfig(name, "cri", uid, 0, name, logs.resolve("cri_" + name + "_" + uid), null,
                ports, Map.of(), Map.of(), "", false);
    }

    static ContainerConfig container(List<String> command, ContainerConfig.Resources resources,
            ContainerConfig.Security security) {
        return new ContainerConfig("main", 0, BUSYBOX, command, List.of(), "", Map.of(), List.of(), Map.of(),
                Map.of(), "main/0.log", false, false, false, resources, security);
    }

    /** Runs a sandbox and starts one container in it; the container's id. */
    String start(PodSandboxConfig sandbox, ContainerConfig container) {
        String sandboxId = runtime.runPodSandbox(sandbox);
        String id = runtime.createContainer(sandboxId, container, sandbox);
        runtime.startContainer(id);
        return id;
    }

    @Override
    public void close() {
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
            CniCleanup.run();
            HostLeftovers after = leftovers();
            if (System.getenv("J8S_KEEP") == null) {
                Directories.deleteRecursively(dataDir);
            }
            assertThat(after.newSince(before)).as("left on the host").isEmpty();
        }
    }
}
