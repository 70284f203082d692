package io.j8s.controllers.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The annotations a Deployment and its ReplicaSets carry, as upstream: the revision (and on a
 * ReplicaSet brought back by a rollback, the revisions it had before), the desired and maximum
 * replicas of the Deployment when the ReplicaSet was last scaled for it, and the Deployment's own
 * annotations copied onto its ReplicaSets.
 */
final class Revisions {
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final int MAX_HISTORY_CHARS = 2000;
    private static final Set<String> NOT_COPIED = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration", REVISION, REVISION_HISTORY,
            DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");

    private Revisions() {}

    static long revision(HasMetadata object) {
        Map<String, String> a = object.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(REVISION);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static long maxRevision(Collection<ReplicaSet> sets) {
        return sets.stream().mapToLong(Revisions::revision).max().orElse(0);
    }

    static Integer intAnnotation(ReplicaSet rs, String name) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Sets desired-replicas and max-replicas; true if one changed. */
    static boolean setReplicas(Map<String, String> annotations, int desired, int max) {
        boolean changed = !String.valueOf(desired).equals(annotations.get(DESIRED_REPLICAS))
                || !String.valueOf(max).equals(annotations.get(MAX_REPLICAS));
        annotations.put(DESIRED_REPLICAS, String.valueOf(desired));
        annotations.put(MAX_REPLICAS, String.valueOf(max));
        return changed;
    }

    static boolean replicasNeedUpdate(ReplicaSet rs, int desired, int max) {
        return !Integer.valueOf(desired).equals(intAnnotation(rs, DESIRED_REPLICAS))
                || !Integer.valueOf(max).equals(intAnnotation(rs, MAX_REPLICAS));
    }

    /**
     * Brings the annotations of the new ReplicaSet up to date (upstream's
     * SetNewReplicaSetAnnotations): the Deployment's own, the new revision (keeping the revisions
     * a re-used ReplicaSet had in revision-history), and for a ReplicaSet about to be created the
     * replicas annotations. True if one changed.
     */
    static boolean setNewReplicaSetAnnotations(Deployment d, Map<String, String> annotations,
            long newRevision, boolean exists) {
        boolean changed = copyDeploymentAnnotations(d, annotations);
        String old = annotations.get(REVISION);
        long oldRevision;
        try {
            oldRevision = old == null || old.isEmpty() ? 0 : Long.parseLong(old);
        } catch (NumberFormatException e) {
            return changed;
        }
        if (oldRevision < newRevision) {
            annotations.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (old != null && !old.isEmpty()) {
                String history = annotations.get(REVISION_HISTORY);
                String next = history == null || history.isEmpty() ? old : history + "," + old;
                while (next.length() > MAX_HISTORY_CHARS && next.contains(",")) {
                    next = next.substring(next.indexOf(',') + 1);
                }
                annotations.put(REVISION_HISTORY, next);
            }
        }
        if (!exists && setReplicas(annotations, Replicas.replicas(d),
                Replicas.replicas(d) + Replicas.maxSurge(d))) {
            changed = true;
        }
        return changed;
    }

    /** Copies the Deployment's annotations but the ones it keeps for itself. */
    static boolean copyDeploymentAnnotations(Deployment d, Map<String, String> annotations) {
        Map<String, String> own = d.getMetadata().getAnnotations();
        if (own == null) {
            return false;
        }
        boolean changed = false;
        for (Map.Entry<String, String> e : own.entrySet()) {
            if (NOT_COPIED.contains(e.getKey())
                    || e.getValue().equals(annotations.get(e.getKey()))) {
                continue;
            }
            annotations.put(e.getKey(), e.getValue());
            changed = true;
        }
        return changed;
    }
}
