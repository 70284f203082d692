package io.j8s.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.NodeInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How InterPodAffinity counts one existing pod on one node into {@link TopologyCounts} (added
 * with delta 1, removed with -1), with the parsed terms of existing pods cached by uid and
 * namespace labels read from the listers once per cycle ({@code memo}).
 */
final class AffinityCounting {
    private final FrameworkHandle handle;
    private final Map<String, PodTerms> termsByUid = new ConcurrentHashMap<>();

    AffinityCounting(FrameworkHandle handle) {
        this.handle = handle;
    }

    /** The parsed terms of a pod, cached by uid while the pod object is the same. */
    PodTerms terms(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (uid == null) {
            return PodTerms.of(pod);
        }
        PodTerms t = termsByUid.get(uid);
        if (t == null || t.pod() != pod) {
            if (termsByUid.size() > 100_000) {
                termsByUid.clear();
            }
            t = PodTerms.of(pod);
            termsByUid.put(uid, t);
        }
        return t;
    }

    Map<String, String> namespaceLabels(String ns, Map<String, Map<String, String>> memo) {
        return memo.computeIfAbsent(ns, n -> {
            Namespace namespace = handle.listers() == null ? null : handle.listers().namespace(n);
            Map<String, String> l = namespace == null ? null : namespace.getMetadata().getLabels();
            return l == null ? Map.of() : l;
        });
    }

    void countExistingAnti(TopologyCounts counts, Pod existing, NodeInfo node, long delta) {
        Map<String, String> nodeLabels = TopologyCounts.labels(node);
        for (AffinityTerm t : terms(existing).requiredAnti()) {
            if (t.matches(counts.pod.pod(), counts.namespaceLabels)) {
                TopologyCounts.add(counts.existingAnti, t.topologyKey(), nodeLabels, delta);
            }
        }
    }

    void countIncoming(TopologyCounts counts, Pod existing, NodeInfo node, long delta,
            Map<String, Map<String, String>> memo) {
        Map<String, String> nodeLabels = TopologyCounts.labels(node);
        Map<String, String> nsLabels = namespaceLabels(existing.getMetadata().getNamespace(), memo);
        PodTerms in = counts.pod;
        if (PodTerms.matchesAll(in.requiredAffinity(), existing, nsLabels)) {
            for (AffinityTerm t : in.requiredAffinity()) {
                TopologyCounts.add(counts.affinity, t.topologyKey(), nodeLabels, delta);
            }
        }
        for (AffinityTerm t : in.requiredAnti()) {
            if (t.matches(existing, nsLabels)) {
                TopologyCounts.add(counts.anti, t.topologyKey(), nodeLabels, delta);
            }
        }
    }
}
