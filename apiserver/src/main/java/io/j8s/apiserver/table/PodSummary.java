package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.count;
import static io.j8s.apiserver.table.CellText.orEmpty;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code kubectl get pods} says about one pod: READY ({@code ready/total}), STATUS and
 * RESTARTS, computed as upstream's pod printer does. STATUS is the phase, overridden by the pod's
 * reason, then by the first init container still at work ({@code Init:1/2},
 * {@code Init:CrashLoopBackOff}), then by the last main container that waits or terminated
 * ({@code ContainerCreating}, {@code CrashLoopBackOff}, {@code Completed}, {@code ExitCode:1}),
 * and finally by {@code Terminating} once deletion began. Sidecars (init containers that restart
 * always) count as containers once started.
 *
 * @param ready containers ready
 * @param total containers, sidecars included
 * @param status the STATUS column
 * @param restarts restarts of the containers that count
 * @param lastRestart when the last of them terminated, or null
 */
record PodSummary(int ready, int total, String status, long restarts, Instant lastRestart) {

    static PodSummary of(Pod pod) {
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        PodStatus st = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String phase = orEmpty(st.getPhase());
        String reason = st.getReason() != null && !st.getReason().isEmpty() ? st.getReason() : phase;
        for (PodCondition c : orEmpty(st.getConditions())) {
            if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
                reason = "SchedulingGated";
            }
        }
        Map<String, Container> initSpecs = new HashMap<>();
        int total = orEmpty(spec.getContainers()).size();
        for (Container c : orEmpty(spec.getInitContainers())) {
            initSpecs.put(c.getName(), c);
            if (isSidecar(c)) {
                total++;
            }
        }

        int ready = 0;
        long restarts = 0;
        long sidecarRestarts = 0;
        Instant last = null;
        Instant lastSidecar = null;
        boolean initializing = false;
        List<ContainerStatus> inits = orEmpty(st.getInitContainerStatuses());
        for (int i = 0; i < inits.size(); i++) {
            ContainerStatus cs = inits.get(i);
            ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
            boolean sidecar = isSidecar(initSpecs.get(cs.getName()));
            restarts += count(cs.getRestartCount());
            last = Age.latest(last, lastTermination(cs));
            if (sidecar) {
                sidecarRestarts += count(cs.getRestartCount());
                lastSidecar = Age.latest(lastSidecar, lastTermination(cs));
            }
            ContainerStateTerminated term = state.getTerminated();
            if (term != null && count(term.getExitCode()) == 0) {
                continue;
            }
            if (sidecar && Boolean.TRUE.equals(cs.getStarted())) {
                if (Boolean.TRUE.equals(cs.getReady())) {
                    ready++;
                }
                continue;
            }
            if (term != null) {
                reason = "Init:" + terminationReason(term);
            } else if (state.getWaiting() != null && !orEmpty(state.getWaiting().getReason()).isEmpty()
                    && !"PodInitializing".equals(state.getWaiting().getReason())) {
                reason = "Init:" + state.getWaiting().getReason();
            } else {
                reason = "Init:" + i + "/" + orEmpty(spec.getInitContainers()).size();
            }
            initializing = true;
            break;
        }

        if (!initializing || hasCondition(st, "Initialized")) {
            restarts = sidecarRestarts;
            last = lastSidecar;
            boolean hasRunning = false;
            List<ContainerStatus> mains = orEmpty(st.getContainerStatuses());
            for (int i = mains.size() - 1; i >= 0; i--) {
                ContainerStatus cs = mains.get(i);
                ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
                restarts += count(cs.getRestartCount());
                last = Age.latest(last, lastTermination(cs));
                if (state.getWaiting() != null && !orEmpty(state.getWaiting().getReason()).isEmpty()) {
                    reason = state.getWaiting().getReason();
                } else if (state.getTerminated() != null) {
                    reason = terminationReason(state.getTerminated());
                } else if (Boolean.TRUE.equals(cs.getReady()) && state.getRunning() != null) {
                    hasRunning = true;
                    ready++;
                }
            }
            if ("Completed".equals(reason) && hasRunning) {
                reason = hasCondition(st, "Ready") ? "Running" : "NotReady";
            }
        }

        if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null) {
            if ("NodeLost".equals(st.getReason())) {
                reason = "Unknown";
            } else if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                reason = "Terminating";
            }
        }
        return new PodSummary(ready, total, reason, restarts, last);
    }

    /** READY: {@code 1/2}. */
    String readyText() {
        return ready + "/" + total;
    }

    /** RESTARTS: {@code 0}, or {@code 5 (3m ago)} once a container restarted. */
    String restartsText(Instant now) {
        if (restarts != 0 && lastRestart != null) {
            return restarts + " (" + Age.between(lastRestart, now) + " ago)";
        }
        return Long.toString(restarts);
    }

    private static boolean isSidecar(Container c) {
        return c != null && "Always".equals(c.getRestartPolicy());
    }

    private static Instant lastTermination(ContainerStatus cs) {
        ContainerState last = cs.getLastState();
        if (last == null || last.getTerminated() == null) {
            return null;
        }
        return Age.parse(last.getTerminated().getFinishedAt());
    }

    /** The reason a container terminated, or its signal or exit code when it gave none. */
    private static String terminationReason(ContainerStateTerminated t) {
        if (t.getReason() != null && !t.getReason().isEmpty()) {
            return t.getReason();
        }
        if (count(t.getSignal()) != 0) {
            return "Signal:" + t.getSignal();
        }
        return "ExitCode:" + count(t.getExitCode());
    }

    static boolean hasCondition(PodStatus st, String type) {
        for (PodCondition c : orEmpty(st.getConditions())) {
            if (type.equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }
}
