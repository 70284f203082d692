package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * What one pod worker holds of its pod: the pod as last seen, its sandbox, per container name
 * the current and the previous runtime instance, why a container waits, its probes, and the
 * status last written. Only the worker's own thread changes it; the kubelet API reads the
 * volatile parts.
 */
final class PodState {
    /** Why a container is not running: upstream's waiting reason and message. */
    record Waiting(String reason, String message) {}

    /** A container's current instance and the one before it (for lastState and previous logs). */
    static final class Instances {
        volatile ContainerStatus current;
        volatile ContainerStatus previous;
    }

    final String uid;
    volatile Pod pod;
    volatile boolean gone;
    volatile String sandboxId;
    volatile PodSandboxStatus sandbox;
    PodSandboxConfig sandboxConfig;
    int nextSandboxAttempt;
    final Map<String, Instances> containers = new ConcurrentHashMap<>();
    final Map<String, Waiting> waiting = new HashMap<>();
    final Map<String, Prober.ContainerProbes> probes = new HashMap<>();
    Map<String, Path> volumes;
    Path etcHosts;
    String etcHostsContent;
    Instant startTime;
    String podIp = "";
    String terminalPhase;
    String terminalReason;
    String terminalMessage;
    boolean stoppedAfterCompletion;
    PodStatus lastWritten;
    volatile Instant nextWake;

    PodState(String uid, Pod pod) {
        this.uid = uid;
        this.pod = pod;
    }

    Instances instances(String container) {
        return containers.computeIfAbsent(container, k -> new Instances());
    }

    ContainerStatus current(String container) {
        Instances i = containers.get(container);
        return i == null ? null : i.current;
    }

    /** Asks to be synced again at {@code when} at the latest. */
    void wakeAt(Instant when) {
        Instant next = nextWake;
        if (next == null || when.isBefore(next)) {
            nextWake = when;
        }
    }

    /** Adopts what a previous kubelet left running: the newest sandbox and container instances. */
    void adopt(Iterable<PodSandboxStatus> sandboxes, Iterable<ContainerStatus> found) {
        PodSandboxStatus newest = null;
        for (PodSandboxStatus s : sandboxes) {
            nextSandboxAttempt = Math.max(nextSandboxAttempt, s.attempt() + 1);
            if (newest == null || s.ready() && !newest.ready()
                    || s.ready() == newest.ready() && s.createdAt().isAfter(newest.createdAt())) {
                newest = s;
            }
        }
        if (newest != null) {
            sandbox = newest;
            sandboxId = newest.id();
        }
        Map<String, java.util.List<ContainerStatus>> byName = new HashMap<>();
        for (ContainerStatus c : found) {
            if (sandboxId != null && !c.sandboxId().equals(sandboxId)) {
                continue;
            }
            String name = c.labels().getOrDefault(RuntimeLabels.CONTAINER_NAME, c.name());
            byName.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(c);
        }
        byName.forEach((name, list) -> {
            list.sort((a, b) -> Integer.compare(RuntimeLabels.restartCount(b.annotations()),
                    RuntimeLabels.restartCount(a.annotations())));
            Instances i = instances(name);
            i.current = list.get(0);
            i.previous = list.size() > 1 ? list.get(1) : null;
        });
    }
}
