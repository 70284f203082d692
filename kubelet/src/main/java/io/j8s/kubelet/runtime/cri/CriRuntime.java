package io.j8s.kubelet.runtime.cri;

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
import io.j8s.kubelet.runtime.StreamingClient;
import io.j8s.kubelet.runtime.cri.v1.Container;
import io.j8s.kubelet.runtime.cri.v1.ContainerFilter;
import io.j8s.kubelet.runtime.cri.v1.ContainerStatusRequest;
import io.j8s.kubelet.runtime.cri.v1.ContainerStatusResponse;
import io.j8s.kubelet.runtime.cri.v1.CreateContainerRequest;
import io.j8s.kubelet.runtime.cri.v1.CreateContainerResponse;
import io.j8s.kubelet.runtime.cri.v1.ImageServiceGrpc;
import io.j8s.kubelet.runtime.cri.v1.ImageStatusRequest;
import io.j8s.kubelet.runtime.cri.v1.ImageStatusResponse;
import io.j8s.kubelet.runtime.cri.v1.ListContainersRequest;
import io.j8s.kubelet.runtime.cri.v1.ListContainersResponse;
import io.j8s.kubelet.runtime.cri.v1.ListImagesRequest;
import io.j8s.kubelet.runtime.cri.v1.ListImagesResponse;
import io.j8s.kubelet.runtime.cri.v1.ListPodSandboxRequest;
import io.j8s.kubelet.runtime.cri.v1.ListPodSandboxResponse;
import io.j8s.kubelet.runtime.cri.v1.NetworkConfig;
import io.j8s.kubelet.runtime.cri.v1.PodSandbox;
import io.j8s.kubelet.runtime.cri.v1.PodSandboxStatusRequest;
import io.j8s.kubelet.runtime.cri.v1.PodSandboxStatusResponse;
import io.j8s.kubelet.runtime.cri.v1.PullImageRequest;
import io.j8s.kubelet.runtime.cri.v1.PullImageResponse;
import io.j8s.kubelet.runtime.cri.v1.RemoveContainerRequest;
import io.j8s.kubelet.runtime.cri.v1.RemovePodSandboxRequest;
import io.j8s.kubelet.runtime.cri.v1.ReopenContainerLogRequest;
import io.j8s.kubelet.runtime.cri.v1.RunPodSandboxRequest;
import io.j8s.kubelet.runtime.cri.v1.RunPodSandboxResponse;
import io.j8s.kubelet.runtime.cri.v1.RuntimeConfig;
import io.j8s.kubelet.runtime.cri.v1.RuntimeServiceGrpc;
import io.j8s.kubelet.runtime.cri.v1.StartContainerRequest;
import io.j8s.kubelet.runtime.cri.v1.StatusRequest;
import io.j8s.kubelet.runtime.cri.v1.StatusResponse;
import io.j8s.kubelet.runtime.cri.v1.StopContainerRequest;
import io.j8s.kubelet.runtime.cri.v1.StopPodSandboxRequest;
import io.j8s.kubelet.runtime.cri.v1.UpdateRuntimeConfigRequest;
import io.j8s.kubelet.runtime.cri.v1.VersionRequest;
import io.j8s.kubelet.runtime.cri.v1.VersionResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code cri} runtime: every call of the contract as the CRI v1 call of the same name, over
 * the runtime's unix socket. gRPC's UNAVAILABLE becomes {@link RuntimeCallException.Kind#UNAVAILABLE},
 * NOT_FOUND {@link RuntimeCallException.Kind#NOT_FOUND}, anything else
 * {@link RuntimeCallException.Kind#FAILED} with the runtime's own message. Exec, attach and
 * port-forward ask the runtime for a streaming URL and hand it to the {@link StreamingClient}.
 */
public final class CriRuntime implements ContainerRuntime {
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    private final CriChannel channel;
    private final CriStreams streams;
    private final CniConfig cni;
    /** CRI's ContainerStatus does not say which sandbox a container is in; ids never change. */
    private final Map<String, String> sandboxOf = new ConcurrentHashMap<>();

    private CriRuntime(CriChannel channel, StreamingClient streaming, CniConfig cni) {
        this.channel = channel;
        this.streams = new CriStreams(this::runtime, streaming);
        this.cni = cni;
    }

    /**
     * Connects to the CRI socket at {@code endpoint} ({@code unix:///path} or a path). The
     * streaming client carries exec, attach and port-forward (null: those calls fail); the CNI
     * config, when given, is (re)written for the pod CIDR by {@link #updatePodCidr}.
     */
    public static CriRuntime connect(String endpoint, StreamingClient streaming, CniConfig cni) {
        return new CriRuntime(new CriChannel(CriChannel.socketPath(endpoint)), streaming, cni);
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime(Duration timeout) {
        return RuntimeServiceGrpc.newBlockingStub(channel.channel())
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return runtime(CALL_TIMEOUT);
    }

    private ImageServiceGrpc.ImageServiceBlockingStub images(Duration timeout) {
        return ImageServiceGrpc.newBlockingStub(channel.channel())
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public RuntimeVersion version() {
        VersionResponse r = CriErrors.call("Version", () -> runtime().version(
                VersionRequest.newBuilder().setVersion("v1").build()));
        return new RuntimeVersion(r.getRuntimeName(), r.getRuntimeVersion(), r.getRuntimeApiVersion());
    }

    @Override
    public RuntimeCondition status() {
        StatusResponse r = CriErrors.call("Status", () -> runtime().status(StatusRequest.getDefaultInstance()));
        return CriReplies.condition(r.getStatus());
    }

    @Override
    public void updatePodCidr(String podCidr) {
        if (cni != null) {
            try {
                cni.write(podCidr);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the CNI config for " + podCidr, e);
            }
        }
        CriErrors.call("UpdateRuntimeConfig", () -> runtime().updateRuntimeConfig(UpdateRuntimeConfigRequest.newBuilder()
                .setRuntimeConfig(RuntimeConfig.newBuilder()
                        .setNetworkConfig(NetworkConfig.newBuilder().setPodCidr(podCidr)))
                .build()));
    }

    // --- images ---

    @Override
    public Optional<Image> image(String name) {
        ImageStatusResponse r = CriErrors.call("ImageStatus", () -> images(CALL_TIMEOUT).imageStatus(
                ImageStatusRequest.newBuilder().setImage(CriRequests.image(name)).build()));
        return r.hasImage() && !r.getImage().getId().isEmpty()
                ? Optional.of(CriReplies.image(r.getImage())) : Optional.empty();
    }

    @Override
    public Image pullImage(String name) {
        PullImageResponse r = CriErrors.call("PullImage", () -> images(PULL_TIMEOUT).pullImage(
                PullImageRequest.newBuilder().setImage(CriRequests.image(name)).build()));
        return image(r.getImageRef()).or(() -> image(name)).orElseThrow(() -> new RuntimeCallException(
                RuntimeCallException.Kind.FAILED, "pulled " + name + " as " + r.getImageRef()
                        + " but the runtime does not list it"));
    }

    @Override
    public List<Image> images() {
        ListImagesResponse r = CriErrors.call("ListImages", () -> images(CALL_TIMEOUT).listImages(
                ListImagesRequest.getDefaultInstance()));
        return r.getImagesList().stream().map(CriReplies::image).toList();
    }

    // --- sandboxes ---

    @Override
    public String runPodSandbox(PodSandboxConfig config) {
        if (config.logDirectory() != null) {
            mkdirs(config.logDirectory());
        }
        RunPodSandboxResponse r = CriErrors.call("RunPodSandbox", () -> runtime().runPodSandbox(
                RunPodSandboxRequest.newBuilder().setConfig(CriRequests.sandbox(config)).build()));
        return r.getPodSandboxId();
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        CriErrors.idempotent("StopPodSandbox", () -> runtime().stopPodSandbox(
                StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        CriErrors.idempotent("RemovePodSandbox", () -> runtime().removePodSandbox(
                RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
        sandboxOf.values().removeIf(sandboxId::equals);
    }

    @Override
    public PodSandboxStatus podSandboxStatus(String sandboxId) {
        PodSandboxStatusResponse r = CriErrors.call("PodSandboxStatus", () -> runtime().podSandboxStatus(
                PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).build()));
        return CriReplies.sandbox(r.getStatus());
    }

    @Override
    public List<PodSandboxStatus> listPodSandboxes() {
        ListPodSandboxResponse r = CriErrors.call("ListPodSandbox", () -> runtime().listPodSandbox(
                ListPodSandboxRequest.getDefaultInstance()));
        List<PodSandboxStatus> result = new ArrayList<>();
        for (PodSandbox s : r.getItemsList()) {
            try {
                result.add(podSandboxStatus(s.getId()));
            } catch (RuntimeCallException e) {
                if (e.kind() != RuntimeCallException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return result;
    }

    // --- containers ---

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandbox) {
        if (sandbox.logDirectory() != null && config.logPath() != null && !config.logPath().isEmpty()) {
            Path parent = sandbox.logDirectory().resolve(config.logPath()).getParent();
            if (parent != null) {
                mkdirs(parent);
            }
        }
        CreateContainerResponse r = CriErrors.call("CreateContainer", () -> runtime().createContainer(
                CreateContainerRequest.newBuilder()
                        .setPodSandboxId(sandboxId)
                        .setConfig(CriRequests.container(config, sandbox))
                        .setSandboxConfig(CriRequests.sandboxFor(sandbox, config))
                        .build()));
        sandboxOf.put(r.getContainerId(), sandboxId);
        return r.getContainerId();
    }

    @Override
    public void startContainer(String containerId) {
        CriErrors.call("StartContainer", () -> runtime().startContainer(
                StartContainerRequest.newBuilder().setContainerId(containerId).build()));
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        CriErrors.idempotent("StopContainer", () -> runtime(CALL_TIMEOUT.plus(timeout)).stopContainer(
                StopContainerRequest.newBuilder().setContainerId(containerId)
                        .setTimeout(Math.max(0, timeout.toSeconds())).build()));
    }

    @Override
    public void removeContainer(String containerId) {
        CriErrors.idempotent("RemoveContainer", () -> runtime().removeContainer(
                RemoveContainerRequest.newBuilder().setContainerId(containerId).build()));
        sandboxOf.remove(containerId);
    }

    @Override
    public ContainerStatus containerStatus(String containerId) {
        ContainerStatusResponse r = CriErrors.call("ContainerStatus", () -> runtime().containerStatus(
                ContainerStatusRequest.newBuilder().setContainerId(containerId).build()));
        return CriReplies.container(r.getStatus(), sandboxOf(r.getStatus().getId()));
    }

    private String sandboxOf(String containerId) {
        String known = sandboxOf.get(containerId);
        if (known != null) {
            return known;
        }
        ListContainersResponse r = CriErrors.call("ListContainers", () -> runtime().listContainers(
                ListContainersRequest.newBuilder()
                        .setFilter(ContainerFilter.newBuilder().setId(containerId)).build()));
        for (Container c : r.getContainersList()) {
            sandboxOf.put(c.getId(), c.getPodSandboxId());
        }
        return sandboxOf.getOrDefault(containerId, "");
    }

    @Override
    public List<ContainerStatus> listContainers() {
        ListContainersResponse r = CriErrors.call("ListContainers", () -> runtime().listContainers(
                ListContainersRequest.getDefaultInstance()));
        List<ContainerStatus> result = new ArrayList<>();
        for (Container c : r.getContainersList()) {
            sandboxOf.put(c.getId(), c.getPodSandboxId());
            try {
                result.add(containerStatus(c.getId()));
            } catch (RuntimeCallException e) {
                if (e.kind() != RuntimeCallException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return result;
    }

    @Override
    public void reopenContainerLog(String containerId) {
        CriErrors.call("ReopenContainerLog", () -> runtime().reopenContainerLog(
                ReopenContainerLogRequest.newBuilder().setContainerId(containerId).build()));
    }

    // --- streaming ---

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        return streams.execSync(containerId, command, timeout);
    }

    @Override
    public int exec(String containerId, List<String> command, ProcessStreams io)
            throws IOException, InterruptedException, CommandFailure {
        return streams.exec(containerId, command, io);
    }

    @Override
    public int attach(String containerId, ProcessStreams io)
            throws IOException, InterruptedException, CommandFailure {
        return streams.attach(containerId, io);
    }

    @Override
    public PortConnection portForward(String sandboxId, int port) throws IOException {
        return streams.portForward(sandboxId, port);
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RuntimeCallException(RuntimeCallException.Kind.FAILED,
                    "cannot create the log directory " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
