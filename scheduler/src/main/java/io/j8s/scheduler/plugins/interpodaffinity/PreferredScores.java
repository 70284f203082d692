package io.j8s.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeScore;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * InterPodAffinity's scoring, as upstream: a sum per topology pair of the weights of the
 * incoming pod's preferred terms that existing pods match (anti-affinity subtracts), of the
 * existing pods' preferred terms the incoming pod matches, and of their required affinity terms
 * at {@code hardPodAffinityWeight}; a node scores the pairs its labels carry, then min-max to
 * 0..100.
 */
final class PreferredScores {
    static final String KEY = "PreScoreInterPodAffinity";
    private final InterPodAffinity plugin;
    private final long hardWeight;
    private final boolean ignoreExistingPreferred;

    PreferredScores(InterPodAffinity plugin, long hardWeight, boolean ignoreExistingPreferred) {
        this.plugin = plugin;
        this.hardWeight = hardWeight;
        this.ignoreExistingPreferred = ignoreExistingPreferred;
    }

    Status preScore(CycleState state, Pod pod) {
        PodTerms incoming = PodTerms.of(pod);
        boolean allPods = incoming.hasPreferred();
        List<NodeInfo> nodes = allPods ? plugin.handle().snapshot().nodes()
                : plugin.handle().snapshot().havePodsWithAffinity();
        if (nodes.isEmpty()) {
            return Status.skip();
        }
        Map<String, Map<String, String>> memo = new HashMap<>();
        Map<String, String> incomingNs = plugin.counting().namespaceLabels(pod.getMetadata().getNamespace(), memo);
        Map<String, Map<String, Long>> sums = new HashMap<>();
        for (NodeInfo node : nodes) {
            Map<String, String> nodeLabels = TopologyCounts.labels(node);
            for (PodInfo existing : allPods ? node.pods() : node.podsWithAffinity()) {
                Pod other = existing.pod();
                Map<String, String> otherNs = plugin.counting().namespaceLabels(other.getMetadata().getNamespace(), memo);
                for (AffinityTerm t : incoming.preferredAffinity()) {
                    if (t.matches(other, otherNs)) {
                        TopologyCounts.add(sums, t.topologyKey(), nodeLabels, t.weight());
                    }
                }
                for (AffinityTerm t : incoming.preferredAnti()) {
                    if (t.matches(other, otherNs)) {
                        TopologyCounts.add(sums, t.topologyKey(), nodeLabels, -t.weight());
                    }
                }
                PodTerms theirs = plugin.counting().terms(other);
                if (hardWeight > 0) {
                    for (AffinityTerm t : theirs.requiredAffinity()) {
                        if (t.matches(pod, incomingNs)) {
                            TopologyCounts.add(sums, t.topologyKey(), nodeLabels, hardWeight);
                        }
                    }
                }
                if (!ignoreExistingPreferred) {
                    for (AffinityTerm t : theirs.preferredAffinity()) {
                        if (t.matches(pod, incomingNs)) {
                            TopologyCounts.add(sums, t.topologyKey(), nodeLabels, t.weight());
                        }
                    }
                    for (AffinityTerm t : theirs.preferredAnti()) {
                        if (t.matches(pod, incomingNs)) {
                            TopologyCounts.add(sums, t.topologyKey(), nodeLabels, -t.weight());
                        }
                    }
                }
            }
        }
        if (sums.isEmpty()) {
            return Status.skip();
        }
        state.write(KEY, sums);
        return Status.success();
    }

    ScorePlugin.Score score(CycleState state, NodeInfo node) {
        Map<String, Map<String, Long>> sums = state.read(KEY);
        if (sums == null) {
            return ScorePlugin.Score.of(0);
        }
        Map<String, String> labels = TopologyCounts.labels(node);
        long score = 0;
        for (Map.Entry<String, Map<String, Long>> e : sums.entrySet()) {
            String value = labels.get(e.getKey());
            if (value != null) {
                score += e.getValue().getOrDefault(value, 0L);
            }
        }
        return ScorePlugin.Score.of(score);
    }

    Status normalize(CycleState state, List<NodeScore> scores) {
        Map<String, Map<String, Long>> sums = state.read(KEY);
        if (sums == null || sums.isEmpty() || scores.isEmpty()) {
            return Status.success();
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (NodeScore s : scores) {
            min = Math.min(min, s.score());
            max = Math.max(max, s.score());
        }
        long diff = max - min;
        for (NodeScore s : scores) {
            double f = diff > 0 ? ScorePlugin.MAX_NODE_SCORE * ((double) (s.score() - min) / diff) : 0;
            s.score((long) f);
        }
        return Status.success();
    }
}
