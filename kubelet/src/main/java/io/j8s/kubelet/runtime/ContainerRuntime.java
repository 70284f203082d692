package io.j8s.kubelet.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A container runtime as the kubelet sees it: CRI's RuntimeService and ImageService in Java
 * words. Ids are the runtime's own. Every call may throw {@link RuntimeCallException}; a call on
 * an id the runtime does not know throws it with {@link RuntimeCallException.Kind#NOT_FOUND},
 * except the stop and remove calls, which are idempotent as in CRI.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** The runtime's name and version, for the Node's {@code containerRuntimeVersion}. */
    RuntimeVersion version();

    /** Whether the runtime and its pod network are ready (CRI's Status). */
    RuntimeCondition status();

    /**
     * Tells the runtime the node's pod CIDR once the cluster has assigned it (CRI's
     * UpdateRuntimeConfig): sandboxes get their IPs from it.
     */
    void updatePodCidr(String podCidr);

    // --- images ---

    /** The image if the runtime has it, by any name or id it is known by. */
    Optional<Image> image(String name);

    /** Pulls {@code name}; the message of a failure is the runtime's, for ErrImagePull. */
    Image pullImage(String name);

    /** Every image the runtime has, for the Node's {@code status.images}. */
    List<Image> images();

    // --- pod sandboxes ---

    /** Creates and starts a sandbox (its network namespace and IP); returns its id. */
    String runPodSandbox(PodSandboxConfig config);

    void stopPodSandbox(String sandboxId);

    void removePodSandbox(String sandboxId);

    PodSandboxStatus podSandboxStatus(String sandboxId);

    /** Every sandbox the runtime holds, ready or not: what a restarted kubelet re-adopts. */
    List<PodSandboxStatus> listPodSandboxes();

    // --- containers ---

    /** Creates a container in a sandbox; returns its id. */
    String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandbox);

    void startContainer(String containerId);

    /** Stops the container: SIGTERM (or the image's stop signal), SIGKILL after {@code timeout}. */
    void stopContainer(String containerId, Duration timeout);

    void removeContainer(String containerId);

    ContainerStatus containerStatus(String containerId);

    /** Every container the runtime holds, in any state. */
    List<ContainerStatus> listContainers();

    /** Makes the runtime reopen the container's log file, after the kubelet rotated it. */
    void reopenContainerLog(String containerId);

    // --- streaming ---

    /** Runs a command in the container to its end, for exec probes and hooks. */
    ExecResult execSync(String containerId, List<String> command, Duration timeout);

    /**
     * Runs {@code command} in the container with the given streams and returns its exit code
     * when it ends; {@link CommandFailure} when it cannot start at all.
     */
    int exec(String containerId, List<String> command, ProcessStreams streams)
            throws IOException, InterruptedException, CommandFailure;

    /** Attaches to the container's main process; returns its exit code when it ends. */
    int attach(String containerId, ProcessStreams streams)
            throws IOException, InterruptedException, CommandFailure;

    /** A connection to {@code port} inside the sandbox's network namespace. */
    PortConnection portForward(String sandboxId, int port) throws IOException;

    /**
     * Whether the host reaches the pods' IPs directly (a real pod network). When false (the sim
     * runtime, whose IPs exist nowhere), the kubelet opens httpGet and tcpSocket probes and hooks
     * through {@link #portForward} instead, so that no packet leaves for an address nobody holds.
     */
    default boolean podIpsReachable() {
        return true;
    }

    /** Releases the connection to the runtime (not the containers, which keep running). */
    @Override
    void close();
}
