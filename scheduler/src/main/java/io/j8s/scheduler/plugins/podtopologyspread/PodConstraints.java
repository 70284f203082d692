package io.j8s.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The constraints a pod is spread by: its own, or when it has none the configured defaults with
 * a selector deduced from the pod. Upstream deduces it from the Services, ReplicaSets and
 * StatefulSets that select the pod; the framework's listers have none of those, so a pod that a
 * ReplicaSet, StatefulSet or ReplicationController controls is spread with its own labels minus
 * the per-pod ones, which is what its controller's selector matches.
 */
final class PodConstraints {
    private static final Set<String> PER_POD_LABELS = Set.of("statefulset.kubernetes.io/pod-name",
            "apps.kubernetes.io/pod-index", "controller-revision-hash");
    private static final Set<String> SPREAD_OWNERS = Set.of("ReplicaSet", "StatefulSet",
            "ReplicationController");
    private final List<TopologySpreadConstraint> defaults;

    PodConstraints(List<TopologySpreadConstraint> defaults) {
        this.defaults = defaults;
    }

    /** The pod's constraints of one kind ({@code doNotSchedule}), or the defaults'. */
    List<Constraint> of(Pod pod, boolean doNotSchedule) {
        List<TopologySpreadConstraint> own = pod.getSpec().getTopologySpreadConstraints();
        if (own != null && !own.isEmpty()) {
            return own.stream().map(c -> Constraint.of(pod, c, null))
                    .filter(c -> c.doNotSchedule() == doNotSchedule).toList();
        }
        if (defaults.isEmpty()) {
            return List.of();
        }
        var selector = defaultSelector(pod);
        if (selector == null) {
            return List.of();
        }
        return defaults.stream().map(c -> Constraint.of(pod, c, selector))
                .filter(c -> c.doNotSchedule() == doNotSchedule).toList();
    }

    private static io.fabric8.kubernetes.api.model.LabelSelector defaultSelector(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        boolean owned = owners != null && owners.stream().anyMatch(o ->
                Boolean.TRUE.equals(o.getController()) && SPREAD_OWNERS.contains(o.getKind()));
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (!owned || labels == null) {
            return null;
        }
        Map<String, String> match = new HashMap<>(labels);
        match.keySet().removeAll(PER_POD_LABELS);
        return match.isEmpty() ? null : new LabelSelectorBuilder().withMatchLabels(match).build();
    }
}
