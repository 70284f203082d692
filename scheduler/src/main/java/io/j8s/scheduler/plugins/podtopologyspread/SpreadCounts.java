package io.j8s.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PreFilter's count for the DoNotSchedule constraints: per constraint, the matching pods in each
 * domain (every domain of a counted node is present, at zero when empty) and the smallest of
 * them. AddPod/RemovePod change a copy for preemption.
 */
final class SpreadCounts implements CycleState.StateData {
    final Pod pod;
    final List<Constraint> constraints;
    final List<Map<String, Long>> perDomain;
    final long[] min;
    /** 1 when constraint i's selector selects the incoming pod itself, else 0. */
    final long[] self;

    SpreadCounts(Pod pod, List<Constraint> constraints) {
        this.pod = pod;
        this.constraints = constraints;
        this.perDomain = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            perDomain.add(new HashMap<>());
        }
        this.min = new long[constraints.size()];
        this.self = new long[constraints.size()];
        for (int i = 0; i < constraints.size(); i++) {
            self[i] = constraints.get(i).selector().matches(pod.getMetadata().getLabels()) ? 1 : 0;
        }
    }

    static SpreadCounts count(Pod pod, List<Constraint> constraints, List<NodeInfo> nodes) {
        SpreadCounts s = new SpreadCounts(pod, constraints);
        String ns = pod.getMetadata().getNamespace();
        for (NodeInfo node : nodes) {
            Map<String, String> labels = NodeInclusion.labels(node.node());
            if (!Constraint.hasAllKeys(constraints, labels)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                if (c.includes(pod, node.node())) {
                    s.perDomain.get(i).merge(labels.get(c.topologyKey()), c.countOn(node, ns), Long::sum);
                }
            }
        }
        for (int i = 0; i < constraints.size(); i++) {
            s.recomputeMin(i);
        }
        return s;
    }

    void recomputeMin(int i) {
        Map<String, Long> d = perDomain.get(i);
        if (d.size() < constraints.get(i).minDomains()) {
            min[i] = 0;
            return;
        }
        long m = Long.MAX_VALUE;
        for (long v : d.values()) {
            m = Math.min(m, v);
        }
        min[i] = d.isEmpty() ? 0 : m;
    }

    /** Counts {@code other} placed on (delta 1) or removed from (-1) {@code node}. */
    void update(Pod other, NodeInfo node, long delta) {
        Map<String, String> labels = NodeInclusion.labels(node.node());
        if (!Constraint.hasAllKeys(constraints, labels)) {
            return;
        }
        String ns = pod.getMetadata().getNamespace();
        for (int i = 0; i < constraints.size(); i++) {
            Constraint c = constraints.get(i);
            if (c.selects(other, ns) && c.includes(pod, node.node())) {
                perDomain.get(i).merge(labels.get(c.topologyKey()), delta, Long::sum);
                recomputeMin(i);
            }
        }
    }

    @Override
    public SpreadCounts copy() {
        SpreadCounts c = new SpreadCounts(pod, constraints);
        for (int i = 0; i < constraints.size(); i++) {
            c.perDomain.get(i).putAll(perDomain.get(i));
        }
        System.arraycopy(min, 0, c.min, 0, min.length);
        return c;
    }
}
