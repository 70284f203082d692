package io.j8s.kubelet.runtime.cri;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
import io.j8s.kubelet.runtime.cri.v1.*;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
    private final StreamingClient streaming;
    private final CniConfig cni;
    /** CRI's ContainerStatus does not say which sandbox a container is in; ids never change. */
    private final Map<String, String> sandboxOf = new ConcurrentHashMap<>();

    private CriRuntime(CriChannel channel, StreamingClient streaming, CniConfig cni) {
        this.channel = channel;
        this.streaming = streaming;
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

    private static <T> T call(String what, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw failure(what, e);
        }
    }

    static RuntimeCallException failure(String what, StatusRuntimeException e) {
        Status status = e.getStatus();
        String message = status.getDescription() != null ? status.getDescription() : status.getCode().toString();
        RuntimeCallException.Kind kind = switch (status.getCode()) {
            case UNAVAILABLE -> RuntimeCallException.Kind.UNAVAILABLE;
            case NOT_FOUND -> RuntimeCallException.Kind.NOT_FOUND;
            default -> RuntimeCallException.Kind.FAILED;
        };
        if (kind == RuntimeCallException.Kind.UNAVAILABLE) {
            message = what + ": container runtime is unavailable: " + message;
        }
        return new RuntimeCallException(kind, message, e);
    }

    /** Runs an idempotent call: NOT_FOUND means already done. */
    private static void idempotent(String what, Runnable rpc) {
        try {
            rpc.run();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw failure(what, e);
            }
        }
    }

    @Override
    public RuntimeVersion version() {
        VersionResponse r = call("Version", () -> runtime().version(
                VersionRequest.newBuilder().setVersion("v1").build()));
        return new RuntimeVersion(r.getRuntimeName(), r.getRuntimeVersion(), r.getRuntimeApiVersion());
    }

    @Override
    public RuntimeCondition status() {
        StatusResponse r = call("Status", () -> runtime().status(StatusRequest.getDefaultInstance()));
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
        call("UpdateRuntimeConfig", () -> runtime().updateRuntimeConfig(UpdateRuntimeConfigRequest.newBuilder()
                .setRuntimeConfig(RuntimeConfig.newBuilder()
                        .setNetworkConfig(NetworkConfig.newBuilder().setPodCidr(podCidr)))
                .build()));
    }

    // --- images ---

    @Override
    public Optional<Image> image(String name) {
        ImageStatusResponse r = call("ImageStatus", () -> images(CALL_TIMEOUT).imageStatus(
                ImageStatusRequest.newBuilder().setImage(CriRequests.image(name)).build()));
        return r.hasImage() && !r.getImage().getId().isEmpty()
                ? Optional.of(CriReplies.image(r.getImage())) : Optional.empty();
    }

    @Override
    public Image pullImage(String name) {
        PullImageResponse r = call("PullImage", () -> images(PULL_TIMEOUT).pullImage(
                PullImageRequest.newBuilder().setImage(CriRequests.image(name)).build()));
        return image(r.getImageRef()).or(() -> image(name)).orElseThrow(() -> new RuntimeCallException(
                RuntimeCallException.Kind.FAILED, "pulled " + name + " as " + r.getImageRef()
                        + " but the runtime does not list it"));
    }

    @Override
    public List<Image> images() {
        ListImagesResponse r = call("ListImages", () -> images(CALL_TIMEOUT).listImages(
                ListImagesRequest.getDefaultInstance()));
        return r.getImagesList().stream().map(CriReplies::image).toList();
    }

    // --- sandboxes ---

    @Override
    public String runPodSandbox(PodSandboxConfig config) {
        if (config.logDirectory() != null) {
            mkdirs(config.logDirectory());
        }
        RunPodSandboxResponse r = call("RunPodSandbox", () -> runtime().runPodSandbox(
                RunPodSandboxRequest.newBuilder().setConfig(CriRequests.sandbox(config)).build()));
        return r.getPodSandboxId();
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        idempotent("StopPodSandbox", () -> runtime().stopPodSandbox(
                StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        idempotent("RemovePodSandbox", () -> runtime().removePodSandbox(
                RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
        sandboxOf.values().removeIf(sandboxId::equals);
    }

    @Override
    public PodSandboxStatus podSandboxStatus(String sandboxId) {
        PodSandboxStatusResponse r = call("PodSandboxStatus", () -> runtime().podSandboxStatus(
                PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).build()));
        return CriReplies.sandbox(r.getStatus());
    }

    @Override
    public List<PodSandboxStatus> listPodSandboxes() {
        ListPodSandboxResponse r = call("ListPodSandbox", () -> runtime().listPodSandbox(
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
        CreateContainerResponse r = call("CreateContainer", () -> runtime().createContainer(
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
        call("StartContainer", () -> runtime().startContainer(
                StartContainerRequest.newBuilder().setContainerId(containerId).build()));
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        idempotent("StopContainer", () -> runtime(CALL_TIMEOUT.plus(timeout)).stopContainer(
                StopContainerRequest.newBuilder().setContainerId(containerId)
                        .setTimeout(Math.max(0, timeout.toSeconds())).build()));
    }

    @Override
    public void removeContainer(String containerId) {
        idempotent("RemoveContainer", () -> runtime().removeContainer(
                RemoveContainerRequest.newBuilder().setContainerId(containerId).build()));
        sandboxOf.remove(containerId);
    }

    @Override
    public ContainerStatus containerStatus(String containerId) {
        ContainerStatusResponse r = call("ContainerStatus", () -> runtime().containerStatus(
                ContainerStatusRequest.newBuilder().setContainerId(containerId).build()));
        return CriReplies.container(r.getStatus(), sandboxOf(r.getStatus().getId()));
    }

    private String sandboxOf(String containerId) {
        String known = sandboxOf.get(containerId);
        if (known != null) {
            return known;
        }
        ListContainersResponse r = call("ListContainers", () -> runtime().listContainers(
                ListContainersRequest.newBuilder()
                        .setFilter(ContainerFilter.newBuilder().setId(containerId)).build()));
        for (Container c : r.getContainersList()) {
            sandboxOf.put(c.getId(), c.getPodSandboxId());
        }
        return sandboxOf.getOrDefault(containerId, "");
    }

    @Override
    public List<ContainerStatus> listContainers() {
        ListContainersResponse r = call("ListContainers", () -> runtime().listContainers(
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
        call("ReopenContainerLog", () -> runtime().reopenContainerLog(
                ReopenContainerLogRequest.newBuilder().setContainerId(containerId).build()));
    }

    // --- streaming ---

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        try {
            ExecSyncResponse r = runtime(timeout.plusSeconds(10)).execSync(ExecSyncRequest.newBuilder()
                    .setContainerId(containerId).addAllCmd(command).setTimeout(seconds).build());
            return new ExecResult(r.getExitCode(), r.getStdout().toByteArray(), r.getStderr().toByteArray(),
                    false);
        } catch (StatusRuntimeException e) {
            String description = String.valueOf(e.getStatus().getDescription());
            if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
                    || description.contains("timeout") && description.contains("exceeded")) {
                return new ExecResult(-1, new byte[0], description.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        true);
            }
            throw failure("ExecSync", e);
        }
    }

    @Override
    public int exec(String containerId, List<String> command, ProcessStreams streams)
            throws IOException, InterruptedException, CommandFailure {
        ExecResponse r = call("Exec", () -> runtime().exec(ExecRequest.newBuilder()
                .setContainerId(containerId).addAllCmd(command).setTty(streams.tty())
                .setStdin(streams.stdin() != null).setStdout(streams.stdout() != null)
                .setStderr(streams.stderr() != null && !streams.tty()).build()));
        return streaming().remoteCommand(URI.create(r.getUrl()), streams);
    }

    @Override
    public int attach(String containerId, ProcessStreams streams)
            throws IOException, InterruptedException, CommandFailure {
        AttachResponse r = call("Attach", () -> runtime().attach(AttachRequest.newBuilder()
                .setContainerId(containerId).setTty(streams.tty())
                .setStdin(streams.stdin() != null).setStdout(streams.stdout() != null)
                .setStderr(streams.stderr() != null && !streams.tty()).build()));
        return streaming().remoteCommand(URI.create(r.getUrl()), streams);
    }

    @Override
    public PortConnection portForward(String sandboxId, int port) throws IOException {
        PortForwardResponse r = call("PortForward", () -> runtime().portForward(PortForwardRequest.newBuilder()
                .setPodSandboxId(sandboxId).addPort(port).build()));
        return streaming().portForward(URI.create(r.getUrl()), port);
    }

    private StreamingClient streaming() throws IOException {
        if (streaming == null) {
            throw new IOException("this kubelet has no streaming client for the runtime's streaming server");
        }
        return streaming;
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
