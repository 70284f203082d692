package io.j8s.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One topology spread constraint of the incoming pod, parsed: its selector has the pod's
 * matchLabelKeys folded in; the two node inclusion policies are booleans.
 */
record Constraint(int maxSkew, String topologyKey, boolean doNotSchedule, LabelSelector selector,
        int minDomains, boolean honorNodeAffinity, boolean honorTaints) {

    static Constraint of(Pod pod, TopologySpreadConstraint c, io.fabric8.kubernetes.api.model.LabelSelector fallback) {
        var selector = c.getLabelSelector() == null ? fallback : c.getLabelSelector();
        Map<String, String> podLabels = pod.getMetadata().getLabels();
        if (c.getMatchLabelKeys() != null && !c.getMatchLabelKeys().isEmpty() && podLabels != null
                && selector != null) {
            List<LabelSelectorRequirement> exprs = new ArrayList<>();
            if (selector.getMatchExpressions() != null) {
                exprs.addAll(selector.getMatchExpressions());
            }
            for (String k : c.getMatchLabelKeys()) {
                if (podLabels.containsKey(k)) {
                    exprs.add(new LabelSelectorRequirement(k, "In", List.of(podLabels.get(k))));
                }
            }
            selector = new LabelSelectorBuilder().withMatchLabels(selector.getMatchLabels())
                    .withMatchExpressions(exprs).build();
        }
        return new Constraint(c.getMaxSkew() == null ? 1 : c.getMaxSkew(),
                c.getTopologyKey() == null ? "" : c.getTopologyKey(),
                !"ScheduleAnyway".equals(c.getWhenUnsatisfiable()), LabelSelector.of(selector),
                c.getMinDomains() == null ? 1 : c.getMinDomains(),
                !"Ignore".equals(c.getNodeAffinityPolicy()), "Honor".equals(c.getNodeTaintsPolicy()));
    }

    /** Whether the node counts for this constraint of {@code pod} (inclusion policies). */
    boolean includes(Pod pod, Node node) {
        return (!honorNodeAffinity || NodeInclusion.matchesNodeAffinity(pod, node))
                && (!honorTaints || NodeInclusion.toleratesTaints(pod, node));
    }

    boolean selects(Pod other, String namespace) {
        return namespace.equals(other.getMetadata().getNamespace())
                && other.getMetadata().getDeletionTimestamp() == null
                && selector.matches(other.getMetadata().getLabels());
    }

    long countOn(NodeInfo node, String namespace) {
        long n = 0;
        for (PodInfo p : node.pods()) {
            if (selects(p.pod(), namespace)) {
                n++;
            }
        }
        return n;
    }

    /** True when the node has the topology key of every constraint. */
    static boolean hasAllKeys(List<Constraint> constraints, Map<String, String> labels) {
        for (Constraint c : constraints) {
            if (!labels.containsKey(c.topologyKey)) {
                return false;
            }
        }
        return true;
    }
}
