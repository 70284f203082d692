package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.ContainerStatus.State;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.RuntimeCallException;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One pass of a pod worker toward its pod's spec, as upstream's SyncPod: a ready sandbox (made
 * again if it died), the pod's /etc/hosts, its volumes, the init containers one after the other
 * (each to success before the next; a sidecar, {@code restartPolicy: Always}, only to its start,
 * and kept running), then every container started, probed, and restarted per
 * {@code restartPolicy} with the crash-loop back-off. Failures become waiting reasons and events,
 * never exceptions, except an unreachable runtime, which ends the pass. A pod that runs is synced
 * again every {@link #RESYNC} at the latest, so that its configMap and secret volumes follow
 * their objects.
 */
final class PodSync {
    /** Upstream's {@code --sync-frequency} default: how often a running pod is synced anyway. */
    static final Duration RESYNC = Duration.ofMinutes(1);

    private final PodContext ctx;
    private final ContainerRuntime runtime;
    private final Prober prober;
    private final Hooks hooks;
    private final ContainerStarter starter;

    PodSync(PodContext ctx, Prober prober, Hooks hooks) {
        this.ctx = ctx;
        this.runtime = ctx.runtime();
        this.prober = prober;
        this.hooks = hooks;
        this.starter = new ContainerStarter(ctx, hooks, this::refresh);
    }

    void sync(PodState state) {
        Pod pod = state.pod;
        Instant now = ctx.clock().instant();
        if (state.startTime == null) {
            String known = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
            state.startTime = known != null ? Instant.parse(known) : now;
        }
        refresh(state);
        checkActiveDeadline(state, now);
        if (state.terminalPhase != null) {
            stopAfterCompletion(state);
            return;
        }
        state.wakeAt(now.plus(RESYNC));
        if (!ensureSandbox(state, now) || !ensureVolumes(state, now)) {
            return;
        }
        if (!runInitContainers(state, now)) {
            return;
        }
        for (Container c : PodSpecs.containers(pod)) {
            syncContainer(state, c, now);
        }
        // probe state lives as long as its container instance
        java.util.Set<String> current = new java.util.HashSet<>();
        state.containers.values().forEach(i -> {
            if (i.current != null) {
                current.add(i.current.id());
            }
        });
        state.probes.keySet().retainAll(current);
    }

    /**
     * {@code activeDeadlineSeconds} after the pod started on the node, it fails with reason
     * DeadlineExceeded and its containers are stopped, as upstream's active deadline handler does.
     */
    private void checkActiveDeadline(PodState state, Instant now) {
        Long deadline = state.pod.getSpec().getActiveDeadlineSeconds();
        if (deadline == null || state.terminalPhase != null) {
            return;
        }
        Instant end = state.startTime.plusSeconds(deadline);
        if (now.isBefore(end)) {
            state.wakeAt(end);
            return;
        }
        state.terminalPhase = "Failed";
        state.terminalReason = "DeadlineExceeded";
        state.terminalMessage = "Pod was active on the node longer than the specified deadline";
        ctx.events().warning(state.pod, null, "DeadlineExceeded", state.terminalMessage);
    }

    /** Reads the sandbox and each container's current instance again from the runtime. */
    void refresh(PodState state) {
        if (state.sandboxId != null) {
            try {
                state.sandbox = runtime.podSandboxStatus(state.sandboxId);
            } catch (RuntimeCallException e) {
                if (e.kind() != RuntimeCallException.Kind.NOT_FOUND) {
                    throw e;
                }
                state.sandbox = null;
                state.sandboxId = null;
            }
        }
        for (PodState.Instances inst : state.containers.values()) {
            ContainerStatus cur = inst.current;
            if (cur != null && cur.state() != State.EXITED) {
                try {
                    inst.current = runtime.containerStatus(cur.id());
                } catch (RuntimeCallException e) {
                    if (e.kind() != RuntimeCallException.Kind.NOT_FOUND) {
                        throw e;
                    }
                    inst.current = null;
                }
            }
        }
    }

    private void stopAfterCompletion(PodState state) {
        if (state.stoppedAfterCompletion) {
            return;
        }
        for (PodState.Instances inst : state.containers.values()) {
            if (inst.current != null && inst.current.state() == State.RUNNING) {
                runtime.stopContainer(inst.current.id(),
                        Duration.ofSeconds(PodSpecs.gracePeriodSeconds(state.pod)));
            }
        }
        if (state.sandboxId != null) {
            runtime.stopPodSandbox(state.sandboxId);
        }
        state.stoppedAfterCompletion = true;
        refresh(state);
    }

    private boolean ensureSandbox(PodState state, Instant now) {
        Pod pod = state.pod;
        if (state.sandbox != null && state.sandbox.ready()) {
            if (state.sandboxConfig == null) {
                state.sandboxConfig = SandboxConfigs.build(pod, state.sandbox.attempt(),
                        ctx.logsDir(), ctx.dns());
                state.podIp = state.sandbox.ip().isEmpty() ? ctx.nodeIp() : state.sandbox.ip();
            }
            return writeEtcHosts(state);
        }
        if (state.sandbox != null) {
            // The sandbox died: its containers died with it; a new sandbox gets new ones.
            for (PodState.Instances inst : state.containers.values()) {
                if (inst.current != null && inst.current.state() == State.RUNNING) {
                    runtime.stopContainer(inst.current.id(), Duration.ZERO);
                }
            }
            runtime.stopPodSandbox(state.sandboxId);
            refresh(state);
        }
        String key = state.uid + "/sandbox/" + ctx.podCidrGeneration().get();
        if (ctx.sandboxBackOff().inBackOffSinceUpdate(key)) {
            state.wakeAt(now.plus(ctx.sandboxBackOff().get(key)));
            return false;
        }
        PodSandboxConfig config = SandboxConfigs.build(pod, state.nextSandboxAttempt++,
                ctx.logsDir(), ctx.dns());
        try {
            Files.createDirectories(config.logDirectory());
            String id = runtime.runPodSandbox(config);
            state.sandboxId = id;
            state.sandboxConfig = config;
            state.sandbox = runtime.podSandboxStatus(id);
        } catch (RuntimeCallException e) {
            if (e.kind() == RuntimeCallException.Kind.UNAVAILABLE) {
                throw e;
            }
            ctx.sandboxBackOff().next(key, now);
            state.wakeAt(now.plus(ctx.sandboxBackOff().get(key)));
            ctx.events().warning(pod, null, "FailedCreatePodSandBox",
                    "Failed to create pod sandbox: " + e.getMessage());
            return false;
        } catch (IOException e) {
            ctx.events().warning(pod, null, "FailedCreatePodSandBox",
                    "Failed to create pod sandbox: " + e.getMessage());
            state.wakeAt(now.plusSeconds(10));
            return false;
        }
        state.podIp = state.sandbox.ip().isEmpty() ? ctx.nodeIp() : state.sandbox.ip();
        return writeEtcHosts(state);
    }

    private boolean writeEtcHosts(PodState state) {
        String content = EtcHosts.content(state.pod, state.podIp,
                SandboxConfigs.hostname(state.pod), ctx.clusterDomain(), Path.of("/etc/hosts"));
        if (content.equals(state.etcHostsContent)) {
            return true;
        }
        Path file = ctx.podDir(state.uid).resolve("etc-hosts");
        try {
            EtcHosts.write(file, content);
            state.etcHosts = file;
            state.etcHostsContent = content;
            return true;
        } catch (IOException e) {
            ctx.events().warning(state.pod, null, "FailedCreatePodSandBox",
                    "Failed to write the pod's /etc/hosts: " + e.getMessage());
            state.wakeAt(ctx.clock().instant().plusSeconds(10));
            return false;
        }
    }

    private boolean ensureVolumes(PodState state, Instant now) {
        try {
            state.volumes = ctx.volumes().setUp(state.pod);
            return true;
        } catch (VolumeException e) {
            String key = state.uid + "/volumes";
            if (!ctx.sandboxBackOff().inBackOffSinceUpdate(key)) {
                ctx.sandboxBackOff().next(key, now);
                ctx.events().warning(state.pod, null, "FailedMount", "MountVolume.SetUp failed"
                        + " for volume \"" + e.volume() + "\" : " + e.getMessage());
            }
            state.wakeAt(now.plus(ctx.sandboxBackOff().get(key)));
            return false;
        }
    }

    private boolean runInitContainers(PodState state, Instant now) {
        String policy = PodSpecs.restartPolicy(state.pod);
        for (Container c : PodSpecs.initContainers(state.pod)) {
            if (PodSpecs.sidecar(c)) {
                // a sidecar (restartPolicy Always) runs on beside the others once it started
                syncContainer(state, c, now);
                if (!PodStatusBuilder.sidecarStarted(state, c)) {
                    return false;
                }
                continue;
            }
            ContainerStatus cur = state.current(c.getName());
            if (cur == null) {
                starter.start(state, c, 0, now);
                return false;
            }
            switch (cur.state()) {
                case EXITED, UNKNOWN -> {
                    if (cur.exitCode() == 0) {
                        continue;
                    }
                    if (!policy.equals("Never")) {
                        restartWithBackOff(state, c, cur, now);
                    }
                    return false;
                }
                case CREATED -> {
                    starter.startCreated(state, c, cur);
                    return false;
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    private void syncContainer(PodState state, Container c, Instant now) {
        ContainerStatus cur = state.current(c.getName());
        if (cur == null) {
            starter.start(state, c, 0, now);
            return;
        }
        if (cur.state() == State.CREATED) {
            starter.startCreated(state, c, cur);
            return;
        }
        if (cur.state() == State.RUNNING) {
            Prober.ContainerProbes probes = state.probes.computeIfAbsent(cur.id(),
                    id -> new Prober.ContainerProbes(id, c, cur.startedAt() == null ? now
                            : cur.startedAt()));
            String hash = cur.annotations().get(RuntimeLabels.CONTAINER_HASH);
            String reason = null;
            long grace = PodSpecs.gracePeriodSeconds(state.pod);
            if (hash != null && !hash.equals(RuntimeLabels.hash(c))) {
                reason = "Container " + c.getName() + " definition changed, will be restarted";
            } else {
                Prober.Kill kill = prober.probe(state.pod, c, probes, state.sandboxId, state.podIp,
                        now);
                if (kill != null) {
                    reason = kill.message();
                    grace = kill.graceSeconds();
                }
            }
            if (reason == null) {
                Instant due = probes.nextDue(c);
                if (due != null) {
                    state.wakeAt(due);
                }
                return;
            }
            ctx.events().normal(state.pod, PodEvents.fieldPath(state.pod, c.getName()), "Killing",
                    reason);
            hooks.preStop(state, c, cur.id(), grace);
            runtime.stopContainer(cur.id(), Duration.ofSeconds(grace));
            refresh(state);
        }
        ContainerStatus exited = state.current(c.getName());
        if (exited == null || exited.state() == State.RUNNING) {
            return;
        }
        String policy = PodSpecs.sidecar(c) ? "Always" : PodSpecs.restartPolicy(state.pod);
        boolean restart = policy.equals("Always")
                || policy.equals("OnFailure") && exited.exitCode() != 0;
        if (restart) {
            restartWithBackOff(state, c, exited, now);
        }
    }

    private void restartWithBackOff(PodState state, Container c, ContainerStatus exited,
            Instant now) {
        String key = state.uid + "/" + c.getName();
        Instant finished = exited.finishedAt() != null ? exited.finishedAt() : now;
        if (ctx.crashBackOff().inBackOffSince(key, finished)) {
            Duration d = ctx.crashBackOff().get(key);
            state.waiting.put(c.getName(), new PodState.Waiting("CrashLoopBackOff",
                    "back-off " + BackOff.goString(d) + " restarting failed container="
                            + c.getName() + " pod=" + PodSpecs.format(state.pod)));
            ctx.events().warning(state.pod, PodEvents.fieldPath(state.pod, c.getName()), "BackOff",
                    "Back-off restarting failed container " + c.getName() + " in pod "
                            + PodSpecs.format(state.pod));
            state.wakeAt(finished.plus(d));
            return;
        }
        ctx.crashBackOff().next(key, finished);
        starter.start(state, c, RuntimeLabels.restartCount(exited.annotations()) + 1, now);
    }

}
