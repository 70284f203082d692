package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs a running container's probes when they are due, as upstream's prober workers do: nothing
 * before {@code initialDelaySeconds}, then every {@code periodSeconds}, each bounded by
 * {@code timeoutSeconds}; the startup probe first (liveness and readiness wait for it), readiness
 * true after {@code successThreshold} successes, a container killed after
 * {@code failureThreshold} failures of its liveness or startup probe (with the probe's
 * {@code terminationGracePeriodSeconds} when it has one). Each failure is an Unhealthy event.
 * gRPC probes are not run (no gRPC client in the kubelet yet): they count as successes.
 */
final class Prober {
    /** A probe verdict that the worker acts on: kill the container with this message and grace. */
    record Kill(String message, long graceSeconds) {}

    /** One probe's counters. */
    static final class ProbeState {
        Instant nextDue;
        int successes;
        int failures;
    }

    /** The probes of one container instance; a new instance gets new state. */
    static final class ContainerProbes {
        final String containerId;
        final ProbeState liveness = new ProbeState();
        final ProbeState readiness = new ProbeState();
        final ProbeState startup = new ProbeState();
        boolean started;
        boolean ready;

        ContainerProbes(String containerId, Container c, Instant startedAt) {
            this.containerId = containerId;
            liveness.nextDue = due(c.getLivenessProbe(), startedAt);
            readiness.nextDue = due(c.getReadinessProbe(), startedAt);
            startup.nextDue = due(c.getStartupProbe(), startedAt);
            started = c.getStartupProbe() == null;
            ready = c.getReadinessProbe() == null && started;
        }

        private static Instant due(Probe p, Instant startedAt) {
            int delay = p == null || p.getInitialDelaySeconds() == null ? 0 : p.getInitialDelaySeconds();
            return startedAt.plusSeconds(delay);
        }

        /** When the next probe of this container is due; null if it has none. */
        Instant nextDue(Container c) {
            Instant next = null;
            if (!started) {
                return c.getStartupProbe() == null ? null : startup.nextDue;
            }
            if (c.getLivenessProbe() != null) {
                next = liveness.nextDue;
            }
            if (c.getReadinessProbe() != null && (next == null || readiness.nextDue.isBefore(next))) {
                next = readiness.nextDue;
            }
            return next;
        }
    }

    private final Handlers handlers;
    private final PodEvents events;

    Prober(Handlers handlers, PodEvents events) {
        this.handlers = handlers;
        this.events = events;
    }

    /** Runs the due probes of {@code c}; a non-null result says to kill it. */
    Kill probe(Pod pod, Container c, ContainerProbes probes, String sandboxId, String podIp,
            Instant now) {
        String fieldPath = PodEvents.fieldPath(pod, c.getName());
        if (!probes.started) {
            Probe p = c.getStartupProbe();
            if (!now.isBefore(probes.startup.nextDue)) {
                Handlers.Result r = run(p, c, probes.containerId, sandboxId, podIp);
                probes.startup.nextDue = now.plusSeconds(period(p));
                if (r.success()) {
                    probes.started = true;
                    probes.ready = c.getReadinessProbe() == null;
                    probes.liveness.nextDue = later(probes.liveness.nextDue, now);
                    probes.readiness.nextDue = later(probes.readiness.nextDue, now);
                } else {
                    events.warning(pod, fieldPath, "Unhealthy", "Startup probe failed: " + r.output());
                    if (++probes.startup.failures >= failureThreshold(p)) {
                        return new Kill("Container " + c.getName()
                                + " failed startup probe, will be restarted", grace(pod, p));
                    }
                }
            }
            return null;
        }
        Probe live = c.getLivenessProbe();
        if (live != null && !now.isBefore(probes.liveness.nextDue)) {
            Handlers.Result r = run(live, c, probes.containerId, sandboxId, podIp);
            probes.liveness.nextDue = now.plusSeconds(period(live));
            if (r.success()) {
                probes.liveness.failures = 0;
            } else {
                events.warning(pod, fieldPath, "Unhealthy", "Liveness probe failed: " + r.output());
                if (++probes.liveness.failures >= failureThreshold(live)) {
                    probes.liveness.failures = 0;
                    return new Kill("Container " + c.getName()
                            + " failed liveness probe, will be restarted", grace(pod, live));
                }
            }
        }
        Probe ready = c.getReadinessProbe();
        if (ready != null && !now.isBefore(probes.readiness.nextDue)) {
            Handlers.Result r = run(ready, c, probes.containerId, sandboxId, podIp);
            probes.readiness.nextDue = now.plusSeconds(period(ready));
            if (r.success()) {
                probes.readiness.failures = 0;
                if (++probes.readiness.successes >= successThreshold(ready)) {
                    probes.ready = true;
                }
            } else {
                probes.readiness.successes = 0;
                events.warning(pod, fieldPath, "Unhealthy", "Readiness probe failed: " + r.output());
                if (++probes.readiness.failures >= failureThreshold(ready)) {
                    probes.ready = false;
                }
            }
        }
        return null;
    }

    private Handlers.Result run(Probe p, Container c, String containerId, String sandboxId,
            String podIp) {
        Duration timeout = Duration.ofSeconds(p.getTimeoutSeconds() == null
                || p.getTimeoutSeconds() < 1 ? 1 : p.getTimeoutSeconds());
        if (p.getExec() != null) {
            List<String> command = p.getExec().getCommand() == null ? List.of()
                    : p.getExec().getCommand();
            return handlers.exec(containerId, command, timeout);
        }
        if (p.getHttpGet() != null) {
            return handlers.httpGet(p.getHttpGet(), c, podIp, sandboxId, timeout);
        }
        if (p.getTcpSocket() != null) {
            return handlers.tcp(p.getTcpSocket().getPort(), c, p.getTcpSocket().getHost(), podIp,
                    sandboxId, timeout);
        }
        if (p.getGrpc() != null) {
            return handlers.grpc(p.getGrpc(), podIp, timeout);
        }
        return Handlers.Result.ok("");
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static int period(Probe p) {
        return p.getPeriodSeconds() == null || p.getPeriodSeconds() < 1 ? 10 : p.getPeriodSeconds();
    }

    private static int failureThreshold(Probe p) {
        return p.getFailureThreshold() == null || p.getFailureThreshold() < 1 ? 3
                : p.getFailureThreshold();
    }

    private static int successThreshold(Probe p) {
        return p.getSuccessThreshold() == null || p.getSuccessThreshold() < 1 ? 1
                : p.getSuccessThreshold();
    }

    private static long grace(Pod pod, Probe p) {
        if (p.getTerminationGracePeriodSeconds() != null) {
            return p.getTerminationGracePeriodSeconds();
        }
        Long g = pod.getSpec().getTerminationGracePeriodSeconds();
        return g == null ? 30 : g;
    }
}
