package io.j8s.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The replica arithmetic of upstream's deployment util: maxSurge rounds up and maxUnavailable
 * rounds down from a percentage, both zero means one unavailable; sums over ReplicaSets; how many
 * replicas a new ReplicaSet may have in a rolling update.
 */
final class Replicas {
    private Replicas() {}

    static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    static boolean rolling(Deployment d) {
        return d.getSpec().getStrategy() == null
                || !"Recreate".equals(d.getSpec().getStrategy().getType());
    }

    /** A number, or a percentage of {@code total} rounded up or down (upstream's intstr). */
    static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getStrVal() == null) {
            return value.getIntVal() == null ? 0 : value.getIntVal();
        }
        String s = value.getStrVal();
        if (!s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type:"
                    + " string is not a percentage");
        }
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        double v = (double) percent * total / 100;
        return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
    }

    /** {maxSurge, maxUnavailable} for {@code desired} replicas (upstream's ResolveFenceposts). */
    static int[] fenceposts(Deployment d, int desired) {
        var rolling = d.getSpec().getStrategy() == null ? null
                : d.getSpec().getStrategy().getRollingUpdate();
        IntOrString surge = rolling == null || rolling.getMaxSurge() == null
                ? new IntOrString("25%") : rolling.getMaxSurge();
        IntOrString unavailable = rolling == null || rolling.getMaxUnavailable() == null
                ? new IntOrString("25%") : rolling.getMaxUnavailable();
        int s = scaled(surge, desired, true);
        int u = scaled(unavailable, desired, false);
        if (s == 0 && u == 0) {
            u = 1;
        }
        return new int[] {s, u};
    }

    static int maxSurge(Deployment d) {
        return rolling(d) ? fenceposts(d, replicas(d))[0] : 0;
    }

    static int maxUnavailable(Deployment d) {
        int desired = replicas(d);
        if (!rolling(d) || desired == 0) {
            return 0;
        }
        return Math.min(fenceposts(d, desired)[1], desired);
    }

    static int minAvailable(Deployment d) {
        return replicas(d) - maxUnavailable(d);
    }

    /** Sum of spec.replicas. */
    static int specSum(Collection<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).mapToInt(Replicas::replicas).sum();
    }

    static int statusReplicas(Collection<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).filter(rs -> rs.getStatus() != null)
                .mapToInt(rs -> n(rs.getStatus().getReplicas())).sum();
    }

    static int ready(Collection<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).filter(rs -> rs.getStatus() != null)
                .mapToInt(rs -> n(rs.getStatus().getReadyReplicas())).sum();
    }

    static int available(Collection<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).filter(rs -> rs.getStatus() != null)
                .mapToInt(rs -> n(rs.getStatus().getAvailableReplicas())).sum();
    }

    static int available(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null ? 0 : n(rs.getStatus().getAvailableReplicas());
    }

    static int n(Integer i) {
        return i == null ? 0 : i;
    }

    /** ReplicaSets with spec.replicas above zero. */
    static List<ReplicaSet> active(Collection<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).filter(rs -> replicas(rs) > 0).toList();
    }

    /** The replicas the new ReplicaSet should have now (upstream's NewRSNewReplicas). */
    static int newReplicaSetReplicas(Deployment d, Collection<ReplicaSet> all, ReplicaSet newRs) {
        if (!rolling(d)) {
            return replicas(d);
        }
        int current = specSum(all);
        int maxTotal = replicas(d) + maxSurge(d);
        if (current >= maxTotal) {
            return replicas(newRs);
        }
        int up = Math.min(maxTotal - current, replicas(d) - replicas(newRs));
        return replicas(newRs) + up;
    }
}
