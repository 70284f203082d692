package io.j8s.kubelet.server;

import io.j8s.kubelet.runtime.CommandFailure;
import io.j8s.kubelet.runtime.ContainerConfig;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.ExecResult;
import io.j8s.kubelet.runtime.Image;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.j8s.kubelet.runtime.RuntimeCallException;
import io.j8s.kubelet.runtime.RuntimeCondition;
import io.j8s.kubelet.runtime.RuntimeVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runtime for the kubelet API's tests: containers a test declares, each with a CRI log file
 * that the test writes; reopening a log creates the file anew, as containerd does after a
 * rotation; exec knows {@code cat} and {@code sh -c 'exit N'}. What the API does not use throws.
 */
public final class TestRuntime implements ContainerRuntime {
    private final Map<String, ContainerStatus> containers = new ConcurrentHashMap<>();
    private final Map<String, PodSandboxStatus> sandboxes = new ConcurrentHashMap<>();
    public final AtomicInteger reopened = new AtomicInteger();

    public void sandbox(String id, String namespace, String pod) {
        sandboxes.put(id, new PodSandboxStatus(id, pod, namespace, "uid-" + pod, 0, true,
                "10.42.0.5", Instant.now(), Map.of(), Map.of()));
    }

    public void container(String id, String name, ContainerStatus.State state, Path logPath) {
        containers.put(id, new ContainerStatus(id, "sandbox", name, 0, state, Instant.now(),
                Instant.now(), null, 0, "", "", "busybox", "sha256:1", logPath.toString(), Map.of(),
                Map.of()));
    }

    public void exited(String id) {
        ContainerStatus c = containers.get(id);
        container(id, c.name(), ContainerStatus.State.EXITED, Path.of(c.logPath()));
    }

    @Override
    public ContainerStatus containerStatus(String containerId) {
        ContainerStatus c = containers.get(containerId);
        if (c == null) {
            throw new RuntimeCallException(RuntimeCallException.Kind.NOT_FOUND,
                    "container " + containerId + " not found");
        }
        return c;
    }

    @Override
    public List<ContainerStatus> listContainers() {
        return List.copyOf(containers.values());
    }

    @Override
    public List<PodSandboxStatus> listPodSandboxes() {
        return List.copyOf(sandboxes.values());
    }

    @Override
    public void reopenContainerLog(String containerId) {
        try {
            Files.createFile(Path.of(containerStatus(containerId).logPath()));
            reopened.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int exec(String containerId, List<String> command, ProcessStreams streams)
            throws IOException, CommandFailure {
        containerStatus(containerId);
        if (command.get(0).equals("cat")) {
            streams.stdin().transferTo(streams.stdout());
            return 0;
        }
        if (command.size() == 3 && command.get(0).equals("sh") && command.get(2).startsWith("exit ")) {
            return Integer.parseInt(command.get(2).substring(5));
        }
        throw new CommandFailure("exec: \"" + command.get(0) + "\": executable file not found in $PATH");
    }

    @Override
    public int attach(String containerId, ProcessStreams streams) throws IOException {
        streams.stdout().write(("attached to " + containerId + "\n").getBytes());
        return 0;
    }

    @Override
    public PortConnection portForward(String sandboxId, int port) throws IOException {
        throw new IOException("nothing listens on " + port + " in " + sandboxId);
    }

    @Override
    public RuntimeVersion version() {
        return new RuntimeVersion("test", "0", "v1");
    }

    @Override
    public RuntimeCondition status() {
        return RuntimeCondition.allReady();
    }

    @Override
    public void updatePodCidr(String podCidr) {}

    @Override
    public Optional<Image> image(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Image pullImage(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Image> images() {
        return List.of();
    }

    @Override
    public String runPodSandbox(PodSandboxConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stopPodSandbox(String sandboxId) {}

    @Override
    public void removePodSandbox(String sandboxId) {}

    @Override
    public PodSandboxStatus podSandboxStatus(String sandboxId) {
        return sandboxes.get(sandboxId);
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandbox) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void startContainer(String containerId) {}

    @Override
    public void stopContainer(String containerId, Duration timeout) {}

    @Override
    public void removeContainer(String containerId) {}

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
}
