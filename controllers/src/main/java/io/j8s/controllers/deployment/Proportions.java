package io.j8s.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proportional scaling (upstream's DeploymentController.scale for RollingUpdate): when a
 * Deployment is resized in the middle of a rollout, the replicas to add or take away are shared
 * among its active ReplicaSets in proportion to their size (their share of the max-replicas the
 * Deployment had when they were last scaled), the biggest first; what rounding leaves over goes
 * to the biggest one (the newest on a tie when adding, the oldest when removing).
 */
final class Proportions {
    private Proportions() {}

    /** The new size of each active ReplicaSet, by name, in the order they are to be scaled. */
    static Map<String, Integer> sizes(Deployment d, List<ReplicaSet> activeSets) {
        List<ReplicaSet> sets = new ArrayList<>(activeSets);
        int current = Replicas.specSum(sets);
        int desired = Replicas.replicas(d);
        int allowed = desired > 0 ? desired + Replicas.maxSurge(d) : 0;
        int toAdd = allowed - current;
        Comparator<ReplicaSet> bySize = Comparator.comparingInt((ReplicaSet rs) -> Replicas.replicas(rs))
                .reversed();
        Comparator<ReplicaSet> byAge = Comparator.comparing(
                (ReplicaSet rs) -> rs.getMetadata().getCreationTimestamp(),
                Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(rs -> rs.getMetadata().getName());
        if (toAdd > 0) {
            sets.sort(bySize.thenComparing(byAge.reversed()));
        } else if (toAdd < 0) {
            sets.sort(bySize.thenComparing(byAge));
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int added = 0;
        for (ReplicaSet rs : sets) {
            int proportion = toAdd == 0 ? 0 : proportion(rs, d, toAdd, added);
            sizes.put(rs.getMetadata().getName(), Replicas.replicas(rs) + proportion);
            added += proportion;
        }
        if (!sets.isEmpty() && toAdd != 0) {
            String first = sets.getFirst().getMetadata().getName();
            sizes.put(first, Math.max(0, sizes.get(first) + toAdd - added));
        }
        return sizes;
    }

    private static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (Replicas.replicas(rs) == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int fraction(ReplicaSet rs, Deployment d) {
        int size = Replicas.replicas(rs);
        if (Replicas.replicas(d) == 0) {
            return -size;
        }
        int deploymentReplicas = Replicas.replicas(d) + Replicas.maxSurge(d);
        Integer annotated = Revisions.intAnnotation(rs, Revisions.MAX_REPLICAS);
        int base = annotated != null ? annotated
                : d.getStatus() == null ? 0 : Replicas.n(d.getStatus().getReplicas());
        if (base == 0) {
            return 0;
        }
        double newSize = (double) size * deploymentReplicas / base;
        return (int) Math.round(newSize) - size;
    }
}
