package io.j8s.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Instant;
import java.util.List;

/**
 * When a pod on a node with NoExecute taints is to be evicted (upstream's taint manager): at
 * once if one taint is not tolerated; at the time the taint was added plus the smallest
 * {@code tolerationSeconds} of the tolerations that match otherwise; never if every matching
 * toleration lasts forever.
 */
final class Eviction {
    private Eviction() {}

    /** The instant the pod is to go, or null if it stays. */
    static Instant due(Pod pod, List<Taint> noExecute, Instant now) {
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations();
        Instant due = null;
        for (Taint taint : noExecute) {
            Instant added = taint.getTimeAdded() == null ? now : Instant.parse(taint.getTimeAdded());
            Long seconds = null;
            boolean tolerated = false;
            boolean forever = false;
            for (Toleration t : tolerations) {
                if (!Taints.tolerates(t, taint)) {
                    continue;
                }
                tolerated = true;
                if (t.getTolerationSeconds() == null) {
                    forever = true;
                } else {
                    seconds = seconds == null ? t.getTolerationSeconds()
                            : Math.min(seconds, t.getTolerationSeconds());
                }
            }
            if (!tolerated) {
                return now;
            }
            if (seconds != null) {
                // As upstream: the shortest bounded toleration wins over an unbounded one.
                Instant at = added.plusSeconds(Math.max(0, seconds));
                due = due == null || at.isBefore(due) ? at : due;
            } else if (!forever) {
                return now;
            }
        }
        return due;
    }
}
