package io.j8s.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Deployment's status and its conditions, as upstream's deployment util: Available
 * (MinimumReplicasAvailable / MinimumReplicasUnavailable) and Progressing (NewReplicaSetCreated,
 * FoundNewReplicaSet, ReplicaSetUpdated, NewReplicaSetAvailable, ProgressDeadlineExceeded,
 * DeploymentPaused, DeploymentResumed, ReplicaSetCreateError).
 */
final class Progress {
    static final String AVAILABLE = "Available";
    static final String PROGRESSING = "Progressing";
    static final String REPLICA_FAILURE = "ReplicaFailure";
    static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    static final String TIMED_OUT = "ProgressDeadlineExceeded";
    static final String PAUSED = "DeploymentPaused";
    static final String RESUMED = "DeploymentResumed";

    private Progress() {}

    static DeploymentCondition condition(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElse(null);
    }

    static DeploymentCondition newCondition(String type, String status, String reason,
            String message, Instant now) {
        String t = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return new DeploymentConditionBuilder().withType(type).withStatus(status)
                .withReason(reason).withMessage(message).withLastUpdateTime(t)
                .withLastTransitionTime(t).build();
    }

    /**
     * Sets a condition (upstream's SetDeploymentCondition): one with the same status and reason is
     * left as it is; the same status keeps its transition time.
     */
    static void set(DeploymentStatus status, DeploymentCondition condition) {
        DeploymentCondition current = condition(status, condition.getType());
        if (current != null && Objects.equals(current.getStatus(), condition.getStatus())
                && Objects.equals(current.getReason(), condition.getReason())) {
            return;
        }
        if (current != null && Objects.equals(current.getStatus(), condition.getStatus())) {
            condition.setLastTransitionTime(current.getLastTransitionTime());
        }
        remove(status, condition.getType());
        status.getConditions().add(condition);
    }

    static void remove(DeploymentStatus status, String type) {
        List<DeploymentCondition> kept = new ArrayList<>();
        if (status.getConditions() != null) {
            for (DeploymentCondition c : status.getConditions()) {
                if (!type.equals(c.getType())) {
                    kept.add(c);
                }
            }
        }
        status.setConditions(kept);
    }

    static boolean hasProgressDeadline(Deployment d) {
        Integer s = d.getSpec().getProgressDeadlineSeconds();
        return s != null && s != Integer.MAX_VALUE;
    }

    /** The status the ReplicaSets make (upstream's calculateStatus). */
    static DeploymentStatus calculate(List<ReplicaSet> all, ReplicaSet newRs, Deployment d,
            Instant now) {
        int available = Replicas.available(all);
        int total = Replicas.specSum(all);
        DeploymentStatus old = d.getStatus();
        DeploymentStatus status = new DeploymentStatus();
        status.setObservedGeneration(d.getMetadata().getGeneration());
        status.setReplicas(Replicas.statusReplicas(all));
        status.setUpdatedReplicas(newRs == null ? 0 : Replicas.statusReplicas(List.of(newRs)));
        status.setReadyReplicas(Replicas.ready(all));
        status.setAvailableReplicas(available);
        status.setUnavailableReplicas(Math.max(0, total - available));
        status.setCollisionCount(old == null ? null : old.getCollisionCount());
        List<DeploymentCondition> conditions = new ArrayList<>();
        if (old != null && old.getConditions() != null) {
            for (DeploymentCondition c : old.getConditions()) {
                conditions.add(new DeploymentConditionBuilder(c).build());
            }
        }
        status.setConditions(conditions);
        if (available >= Replicas.replicas(d) - Replicas.maxUnavailable(d)) {
            set(status, newCondition(AVAILABLE, "True", "MinimumReplicasAvailable",
                    "Deployment has minimum availability.", now));
        } else {
            set(status, newCondition(AVAILABLE, "False", "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability.", now));
        }
        return status;
    }

    /** Every replica updated and available, and the latest generation observed. */
    static boolean complete(Deployment d, DeploymentStatus s) {
        int want = Replicas.replicas(d);
        return Replicas.n(s.getUpdatedReplicas()) == want && Replicas.n(s.getReplicas()) == want
                && Replicas.n(s.getAvailableReplicas()) == want
                && s.getObservedGeneration() != null
                && s.getObservedGeneration() >= generation(d);
    }

    static long generation(Deployment d) {
        return d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    }

    /** Whether the rollout moved since the status last written (upstream's DeploymentProgressing). */
    static boolean progressing(Deployment d, DeploymentStatus s) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = Replicas.n(old.getReplicas()) - Replicas.n(old.getUpdatedReplicas());
        int newOld = Replicas.n(s.getReplicas()) - Replicas.n(s.getUpdatedReplicas());
        return Replicas.n(s.getUpdatedReplicas()) > Replicas.n(old.getUpdatedReplicas())
                || newOld < oldOld
                || Replicas.n(s.getReadyReplicas()) > Replicas.n(old.getReadyReplicas())
                || Replicas.n(s.getAvailableReplicas()) > Replicas.n(old.getAvailableReplicas());
    }

    /** Whether the Progressing condition was last updated longer than the deadline ago. */
    static boolean timedOut(Deployment d, DeploymentStatus s, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        DeploymentCondition c = condition(s, PROGRESSING);
        if (c == null || NEW_RS_AVAILABLE.equals(c.getReason())) {
            return false;
        }
        if (TIMED_OUT.equals(c.getReason())) {
            return true;
        }
        if (c.getLastUpdateTime() == null) {
            return false;
        }
        Instant from = Instant.parse(c.getLastUpdateTime());
        return from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
    }
}
