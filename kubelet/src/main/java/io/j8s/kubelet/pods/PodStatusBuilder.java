package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunningBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateWaitingBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.ContainerStatus.State;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod's status from what its worker holds, as upstream's kubelet generates it: container
 * statuses (state, lastState, restartCount, ready, started), the phase by upstream's rules, the
 * conditions PodScheduled, PodReadyToStartContainers, Initialized, ContainersReady and Ready with
 * their reasons, pod and host IPs, startTime and QoS class. Transition times are kept when a
 * condition did not change.
 */
final class PodStatusBuilder {
    private PodStatusBuilder() {}

    static PodStatus build(PodState state, String hostIp, String runtimeName, Instant now) {
        Pod pod = state.pod;
        String policy = PodSpecs.restartPolicy(pod);
        List<io.fabric8.kubernetes.api.model.ContainerStatus> inits = new ArrayList<>();
        List<String> incompleteInit = new ArrayList<>();
        boolean initFailed = false;
        for (Container c : PodSpecs.initContainers(pod)) {
            ContainerStatus cur = state.current(c.getName());
            if (PodSpecs.sidecar(c)) {
                boolean started = sidecarStarted(state, c);
                Prober.ContainerProbes probes = cur == null ? null : state.probes.get(cur.id());
                boolean ready = started && (probes != null ? probes.ready
                        : c.getReadinessProbe() == null);
                if (!started) {
                    incompleteInit.add(c.getName());
                }
                inits.add(container(state, c, runtimeName, "PodInitializing", ready, started));
                continue;
            }
            boolean done = cur != null && cur.state() == State.EXITED && cur.exitCode() == 0;
            if (!done) {
                incompleteInit.add(c.getName());
            }
            if (cur != null && cur.state() == State.EXITED && cur.exitCode() != 0
                    && policy.equals("Never")) {
                initFailed = true;
            }
            inits.add(container(state, c, runtimeName, "PodInitializing", done, done));
        }
        boolean initialized = incompleteInit.isEmpty();
        List<io.fabric8.kubernetes.api.model.ContainerStatus> containers = new ArrayList<>();
        List<String> unready = new ArrayList<>();
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (Container c : PodSpecs.containers(pod)) {
            ContainerStatus cur = state.current(c.getName());
            Prober.ContainerProbes probes = cur == null ? null : state.probes.get(cur.id());
            boolean isRunning = cur != null && cur.state() == State.RUNNING;
            boolean ready = isRunning && (probes != null ? probes.ready
                    : c.getReadinessProbe() == null && c.getStartupProbe() == null);
            boolean started = isRunning && (probes != null ? probes.started
                    : c.getStartupProbe() == null);
            io.fabric8.kubernetes.api.model.ContainerStatus s = container(state, c, runtimeName,
                    initialized ? "ContainerCreating" : "PodInitializing", ready, started);
            containers.add(s);
            if (!ready) {
                unready.add(c.getName());
            }
            if (s.getState().getRunning() != null) {
                running++;
            } else if (s.getState().getTerminated() != null) {
                stopped++;
                if (s.getState().getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                stopped++;
            } else {
                waiting++;
            }
        }
        String phase;
        if (state.terminalPhase != null) {
            phase = state.terminalPhase;
        } else if (initFailed) {
            phase = "Failed";
        } else if (!initialized) {
            phase = "Pending";
        } else if (waiting > 0) {
            phase = "Pending";
        } else if (running > 0) {
            phase = "Running";
        } else if (stopped > 0) {
            if (policy.equals("Always")) {
                phase = "Running";
            } else if (stopped == succeeded) {
                phase = "Succeeded";
            } else if (policy.equals("Never")) {
                phase = "Failed";
            } else {
                phase = "Running";
            }
        } else {
            phase = "Pending";
        }
        boolean terminal = PodSpecs.terminalPhase(phase);

        PodStatus status = new PodStatus();
        status.setPhase(phase);
        status.setReason(state.terminalReason);
        status.setMessage(state.terminalMessage);
        // upstream's order: PodReadyToStartContainers, Initialized, Ready, ContainersReady,
        // PodScheduled
        List<PodCondition> conditions = new ArrayList<>();
        boolean sandboxReady = state.sandbox != null && state.sandbox.ready() && !terminal;
        conditions.add(condition(pod, "PodReadyToStartContainers", sandboxReady ? "True" : "False",
                null, null, now));
        if (initialized) {
            conditions.add(condition(pod, "Initialized", "True",
                    terminal && !PodSpecs.initContainers(pod).isEmpty() ? "PodCompleted" : null,
                    null, now));
        } else {
            conditions.add(condition(pod, "Initialized", "False", "ContainersNotInitialized",
                    "containers with incomplete status: " + goList(incompleteInit), now));
        }
        for (String type : List.of("Ready", "ContainersReady")) {
            if (terminal) {
                conditions.add(condition(pod, type, "False", "PodCompleted", null, now));
            } else if (unready.isEmpty()) {
                conditions.add(condition(pod, type, "True", null, null, now));
            } else {
                conditions.add(condition(pod, type, "False", "ContainersNotReady",
                        "containers with unready status: " + goList(unready), now));
            }
        }
        PodCondition scheduled = previous(pod, "PodScheduled");
        conditions.add(scheduled != null ? scheduled
                : condition(pod, "PodScheduled", "True", null, null, now));
        status.setConditions(conditions);
        if (hostIp != null && !hostIp.isEmpty()) {
            status.setHostIP(hostIp);
            status.setHostIPs(List.of(new HostIP(hostIp)));
        }
        if (state.podIp != null && !state.podIp.isEmpty()) {
            status.setPodIP(state.podIp);
            status.setPodIPs(List.of(new PodIP(state.podIp)));
        }
        if (state.startTime != null) {
            status.setStartTime(time(state.startTime));
        }
        status.setInitContainerStatuses(inits);
        status.setContainerStatuses(containers);
        String qos = pod.getStatus() == null ? null : pod.getStatus().getQosClass();
        status.setQosClass(qos != null && !qos.isEmpty() ? qos : PodResources.qosClass(pod));
        return status;
    }

    /** Whether a sidecar runs and its startup probe, if any, succeeded. */
    static boolean sidecarStarted(PodState state, Container c) {
        ContainerStatus cur = state.current(c.getName());
        if (cur == null || cur.state() != State.RUNNING) {
            return false;
        }
        Prober.ContainerProbes probes = state.probes.get(cur.id());
        return probes != null ? probes.started : c.getStartupProbe() == null;
    }

    private static io.fabric8.kubernetes.api.model.ContainerStatus container(PodState state,
            Container c, String runtimeName, String defaultWaiting, boolean ready, boolean started) {
        PodState.Instances inst = state.containers.get(c.getName());
        ContainerStatus cur = inst == null ? null : inst.current;
        ContainerStatus prev = inst == null ? null : inst.previous;
        PodState.Waiting waiting = state.waiting.get(c.getName());
        io.fabric8.kubernetes.api.model.ContainerStatus s =
                new io.fabric8.kubernetes.api.model.ContainerStatus();
        s.setName(c.getName());
        s.setImage(c.getImage());
        s.setImageID(cur == null || cur.imageRef() == null ? "" : cur.imageRef());
        s.setReady(ready);
        s.setStarted(started);
        s.setRestartCount(cur == null ? 0 : RuntimeLabels.restartCount(cur.annotations()));
        ContainerState now = new ContainerState();
        ContainerState last = new ContainerState();
        if (cur == null || cur.state() == State.CREATED) {
            now.setWaiting(waiting != null ? waiting(waiting)
                    : new ContainerStateWaitingBuilder().withReason(defaultWaiting).build());
            if (prev != null) {
                last.setTerminated(terminated(prev, runtimeName));
            }
        } else if (cur.state() == State.RUNNING) {
            now.setRunning(new ContainerStateRunningBuilder()
                    .withStartedAt(time(cur.startedAt())).build());
            if (prev != null) {
                last.setTerminated(terminated(prev, runtimeName));
            }
        } else if (waiting != null) {
            now.setWaiting(waiting(waiting));
            last.setTerminated(terminated(cur, runtimeName));
        } else {
            now.setTerminated(terminated(cur, runtimeName));
            if (prev != null) {
                last.setTerminated(terminated(prev, runtimeName));
            }
        }
        if (cur != null) {
            s.setContainerID(runtimeName + "://" + cur.id());
        }
        s.setState(now);
        s.setLastState(last);
        return s;
    }

    private static io.fabric8.kubernetes.api.model.ContainerStateWaiting waiting(PodState.Waiting w) {
        return new ContainerStateWaitingBuilder().withReason(w.reason())
                .withMessage(w.message() == null || w.message().isEmpty() ? null : w.message())
                .build();
    }

    private static io.fabric8.kubernetes.api.model.ContainerStateTerminated terminated(
            ContainerStatus c, String runtimeName) {
        String reason = c.reason() == null || c.reason().isEmpty()
                ? (c.exitCode() == 0 ? "Completed" : "Error") : c.reason();
        return new ContainerStateTerminatedBuilder()
                .withExitCode(c.exitCode())
                .withReason(reason)
                .withMessage(c.message() == null || c.message().isEmpty() ? null : c.message())
                .withStartedAt(c.startedAt() == null ? null : time(c.startedAt()))
                .withFinishedAt(c.finishedAt() == null ? null : time(c.finishedAt()))
                .withContainerID(runtimeName + "://" + c.id())
                .build();
    }

    private static PodCondition previous(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .findFirst().orElse(null);
    }

    private static PodCondition condition(Pod pod, String type, String value, String reason,
            String message, Instant now) {
        PodCondition before = previous(pod, type);
        String transition = before != null && value.equals(before.getStatus())
                && before.getLastTransitionTime() != null ? before.getLastTransitionTime()
                : time(now);
        PodCondition c = new PodCondition();
        c.setType(type);
        c.setStatus(value);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastTransitionTime(transition);
        return c;
    }

    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
