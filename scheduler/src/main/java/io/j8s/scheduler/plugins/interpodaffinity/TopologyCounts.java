package io.j8s.scheduler.plugins.interpodaffinity;

import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * What InterPodAffinity's PreFilter counted, per topology pair "key=value": the existing pods
 * whose required anti-affinity the incoming pod matches, and the existing pods that match the
 * incoming pod's required affinity (all terms) and anti-affinity terms, as key to value to count. AddPod/RemovePod adjust
 * it for preemption, which works on a copy.
 */
final class TopologyCounts implements CycleState.StateData {
    final PodTerms pod;
    final Map<String, String> namespaceLabels;
    final Map<String, Map<String, Long>> existingAnti = new HashMap<>();
    final Map<String, Map<String, Long>> affinity = new HashMap<>();
    final Map<String, Map<String, Long>> anti = new HashMap<>();

    TopologyCounts(PodTerms pod, Map<String, String> namespaceLabels) {
        this.pod = pod;
        this.namespaceLabels = namespaceLabels;
    }

    /** The node's labels; empty when it has none (or the NodeInfo has lost its Node). */
    static Map<String, String> labels(NodeInfo node) {
        var n = node.node();
        Map<String, String> l = n == null || n.getMetadata() == null ? null : n.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    /** Adds {@code delta} at (key, the node's value of key); nothing when the node has none. */
    static void add(Map<String, Map<String, Long>> counts, String key,
            Map<String, String> nodeLabels, long delta) {
        String value = nodeLabels == null ? null : nodeLabels.get(key);
        if (value == null) {
            return;
        }
        Map<String, Long> values = counts.computeIfAbsent(key, k -> new HashMap<>());
        long n = values.getOrDefault(value, 0L) + delta;
        if (n == 0) {
            values.remove(value);
            if (values.isEmpty()) {
                counts.remove(key);
            }
        } else {
            values.put(value, n);
        }
    }

    static long get(Map<String, Map<String, Long>> counts, String key, String value) {
        Map<String, Long> values = counts.get(key);
        return values == null ? 0 : values.getOrDefault(value, 0L);
    }

    static Map<String, Map<String, Long>> deepCopy(Map<String, Map<String, Long>> counts) {
        Map<String, Map<String, Long>> c = new HashMap<>();
        counts.forEach((k, v) -> c.put(k, new HashMap<>(v)));
        return c;
    }

    @Override
    public TopologyCounts copy() {
        TopologyCounts c = new TopologyCounts(pod, namespaceLabels);
        c.existingAnti.putAll(deepCopy(existingAnti));
        c.affinity.putAll(deepCopy(affinity));
        c.anti.putAll(deepCopy(anti));
        return c;
    }
}
