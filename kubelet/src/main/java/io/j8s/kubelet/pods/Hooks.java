package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.time.Duration;
import java.util.List;

/**
 * Lifecycle hooks: postStart right after a container started (a failure is a
 * FailedPostStartHook event and the container is killed), preStop before a container is stopped
 * (a failure is a FailedPreStopHook event; the stop goes on). exec, httpGet, tcpSocket and sleep
 * handlers, bounded by the grace period.
 */
final class Hooks {
    private final Handlers handlers;
    private final PodEvents events;

    Hooks(Handlers handlers, PodEvents events) {
        this.handlers = handlers;
        this.events = events;
    }

    /** Runs the postStart hook, if any; false if it failed. */
    boolean postStart(PodState state, Container c, String containerId) {
        LifecycleHandler h = c.getLifecycle() == null ? null : c.getLifecycle().getPostStart();
        if (h == null) {
            return true;
        }
        Handlers.Result r = run(h, state, c, containerId,
                Duration.ofSeconds(Math.max(1, PodSpecs.gracePeriodSeconds(state.pod))));
        if (!r.success()) {
            events.warning(state.pod, PodEvents.fieldPath(state.pod, c.getName()),
                    "FailedPostStartHook", describe(h) + " failed - error: " + r.output());
        }
        return r.success();
    }

    void preStop(PodState state, Container c, String containerId, long graceSeconds) {
        LifecycleHandler h = c.getLifecycle() == null ? null : c.getLifecycle().getPreStop();
        if (h == null) {
            return;
        }
        Handlers.Result r = run(h, state, c, containerId, Duration.ofSeconds(Math.max(1, graceSeconds)));
        if (!r.success()) {
            events.warning(state.pod, PodEvents.fieldPath(state.pod, c.getName()),
                    "FailedPreStopHook", describe(h) + " failed - error: " + r.output());
        }
    }

    private Handlers.Result run(LifecycleHandler h, PodState state, Container c, String containerId,
            Duration timeout) {
        if (h.getExec() != null) {
            List<String> command = h.getExec().getCommand() == null ? List.of()
                    : h.getExec().getCommand();
            return handlers.exec(containerId, command, timeout);
        }
        if (h.getHttpGet() != null) {
            return handlers.httpGet(h.getHttpGet(), c, state.podIp, state.sandboxId, timeout);
        }
        if (h.getTcpSocket() != null) {
            return handlers.tcp(h.getTcpSocket().getPort(), c, h.getTcpSocket().getHost(),
                    state.podIp, state.sandboxId, timeout);
        }
        if (h.getSleep() != null && h.getSleep().getSeconds() != null) {
            try {
                Thread.sleep(Duration.ofSeconds(Math.min(h.getSleep().getSeconds(),
                        timeout.toSeconds())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Handlers.Result.ok("");
    }

    private static String describe(LifecycleHandler h) {
        if (h.getExec() != null) {
            return "Exec lifecycle hook (" + h.getExec().getCommand() + ")";
        }
        if (h.getHttpGet() != null) {
            return "HTTP lifecycle hook (" + h.getHttpGet().getPath() + ")";
        }
        return "Lifecycle hook";
    }
}
