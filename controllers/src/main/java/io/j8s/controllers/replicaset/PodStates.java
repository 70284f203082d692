package io.j8s.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.Optional;

/** What the workload controllers read of a pod, as upstream's podutil: active, ready, available. */
public final class PodStates {
    private PodStates() {}

    /** Neither Succeeded nor Failed, and not being deleted (upstream's IsPodActive). */
    public static boolean active(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase)
                && pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** The pod's Ready condition, if any. */
    static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    /** Condition Ready=True. */
    public static boolean ready(Pod pod) {
        return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** When the pod last became ready, or null. */
    static Instant readySince(Pod pod) {
        return readyCondition(pod).filter(c -> "True".equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime).filter(t -> t != null && !t.isEmpty())
                .map(Instant::parse).orElse(null);
    }

    /** Ready for at least {@code minReadySeconds} at {@code now} (upstream's IsPodAvailable). */
    public static boolean available(Pod pod, int minReadySeconds, Instant now) {
        if (!ready(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        Instant since = readySince(pod);
        return since != null && !since.plusSeconds(minReadySeconds).isAfter(now);
    }

    /** The owner reference with controller=true, or null. */
    public static OwnerReference controllerOf(HasMetadata object) {
        if (object.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference r : object.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(r.getController())) {
                return r;
            }
        }
        return null;
    }

    /** {@code namespace/name}, the informer's key. */
    public static String key(HasMetadata object) {
        String ns = object.getMetadata().getNamespace();
        return ns == null || ns.isEmpty() ? object.getMetadata().getName()
                : ns + "/" + object.getMetadata().getName();
    }
}
