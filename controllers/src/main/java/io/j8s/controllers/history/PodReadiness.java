package io.j8s.controllers.history;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;

/** A pod's readiness and availability as upstream's podutil reads them. */
public final class PodReadiness {
    private PodReadiness() {}

    /** The pod's Ready condition is True. */
    public static boolean ready(Pod pod) {
        return readyCondition(pod) != null;
    }

    /** Phase Running, Ready, and not being deleted. */
    public static boolean runningAndReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && ready(pod) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** Ready for at least {@code minReadySeconds} at {@code now}. */
    public static boolean available(Pod pod, int minReadySeconds, Instant now) {
        return untilAvailable(pod, minReadySeconds, now) != null
                && untilAvailable(pod, minReadySeconds, now).isZero();
    }

    /**
     * How long until the pod is available: zero if it is, null if it is not ready at all (no
     * time can make it available).
     */
    public static Duration untilAvailable(Pod pod, int minReadySeconds, Instant now) {
        PodCondition ready = readyCondition(pod);
        if (ready == null) {
            return null;
        }
        if (minReadySeconds <= 0 || ready.getLastTransitionTime() == null) {
            return Duration.ZERO;
        }
        Instant since = Instant.parse(ready.getLastTransitionTime());
        Duration left = Duration.between(now, since.plusSeconds(minReadySeconds));
        return left.isNegative() || left.isZero() ? Duration.ZERO : left;
    }

    private static PodCondition readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                return c;
            }
        }
        return null;
    }
}
