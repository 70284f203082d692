package io.j8s.scheduler.plugins.interpodaffinity;

import io.j8s.scheduler.framework.CycleState;
import java.util.HashMap;
import java.util.Map;

/**
 * What InterPodAffinity's PreFilter counted, per topology pair "key=value": the existing pods
 * whose required anti-affinity the incoming pod matches, and the existing pods that match the
 * incoming pod's required affinity (all terms) and anti-affinity terms. AddPod/RemovePod adjust
 * it for preemption, which works on a copy.
 */
final class TopologyCounts implements CycleState.StateData {
    final PodTerms pod;
    final Map<String, String> namespaceLabels;
    final Map<TopologyPair, Long> existingAnti = new HashMap<>();
    final Map<TopologyPair, Long> affinity = new HashMap<>();
    final Map<TopologyPair, Long> anti = new HashMap<>();

    TopologyCounts(PodTerms pod, Map<String, String> namespaceLabels) {
        this.pod = pod;
        this.namespaceLabels = namespaceLabels;
    }

    record TopologyPair(String key, String value) {}

    static void add(Map<TopologyPair, Long> counts, String key, Map<String, String> nodeLabels,
            long delta) {
        String value = nodeLabels == null ? null : nodeLabels.get(key);
        if (value == null) {
            return;
        }
        TopologyPair p = new TopologyPair(key, value);
        long n = counts.getOrDefault(p, 0L) + delta;
        if (n == 0) {
            counts.remove(p);
        } else {
            counts.put(p, n);
        }
    }

    static long get(Map<TopologyPair, Long> counts, String key, String value) {
        return counts.getOrDefault(new TopologyPair(key, value), 0L);
    }

    @Override
    public TopologyCounts copy() {
        TopologyCounts c = new TopologyCounts(pod, namespaceLabels);
        c.existingAnti.putAll(existingAnti);
        c.affinity.putAll(affinity);
        c.anti.putAll(anti);
        return c;
    }
}
