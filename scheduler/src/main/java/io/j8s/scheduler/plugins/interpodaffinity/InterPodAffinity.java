package io.j8s.scheduler.plugins.interpodaffinity;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeScore;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreFilterResult;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's InterPodAffinity: PreFilter counts, per topology pair, the existing pods whose
 * required anti-affinity rejects the incoming pod (only nodes that hold such pods are read) and
 * the pods that match the incoming pod's required terms; Filter compares a node's labels with
 * those counts. Preferred terms of both sides become scores (see {@link PreferredScores}).
 */
public final class InterPodAffinity implements Plugin, PreFilterPlugin, FilterPlugin,
        PreScorePlugin, ScorePlugin, EnqueueExtensions, PreFilterPlugin.PreFilterExtensions {
    public static final String NAME = "InterPodAffinity";
    static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    static final String AFFINITY_NOT_MATCH = "node(s) didn't match pod affinity rules";
    static final String ANTI_AFFINITY_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
    static final String EXISTING_ANTI_AFFINITY_NOT_MATCH =
            "node(s) didn't satisfy existing pods anti-affinity rules";

    private final FrameworkHandle handle;
    private final PreferredScores scores;
    private final AffinityCounting counting;

    public InterPodAffinity(JsonNode args, FrameworkHandle handle) {
        this.handle = handle;
        this.counting = new AffinityCounting(handle);
        long hardWeight = 1;
        boolean ignoreExistingPreferred = false;
        if (args != null && !args.isNull()) {
            JsonNode w = args.get("hardPodAffinityWeight");
            if (w != null && !w.isNull()) {
                if (!w.canConvertToInt() || w.asInt() < 0 || w.asInt() > 100) {
                    throw new IllegalArgumentException("InterPodAffinityArgs.hardPodAffinityWeight:"
                            + " Invalid value: " + w + ": not in valid range [0-100]");
                }
                hardWeight = w.asInt();
            }
            JsonNode ig = args.get("ignorePreferredTermsOfExistingPods");
            if (ig != null && !ig.isNull()) {
                if (!ig.isBoolean()) {
                    throw new IllegalArgumentException("InterPodAffinityArgs."
                            + "ignorePreferredTermsOfExistingPods: Invalid value: " + ig
                            + ": must be a boolean");
                }
                ignoreExistingPreferred = ig.asBoolean();
            }
        }
        this.scores = new PreferredScores(this, hardWeight, ignoreExistingPreferred);
    }

    @Override
    public String name() {
        return NAME;
    }

    FrameworkHandle handle() {
        return handle;
    }

    AffinityCounting counting() {
        return counting;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        PodTerms incoming = PodTerms.of(pod);
        Map<String, Map<String, String>> memo = new HashMap<>();
        TopologyCounts counts = new TopologyCounts(incoming,
                counting.namespaceLabels(pod.getMetadata().getNamespace(), memo));
        for (NodeInfo node : handle.snapshot().havePodsWithRequiredAntiAffinity()) {
            for (PodInfo existing : node.podsWithRequiredAntiAffinity()) {
                counting.countExistingAnti(counts, existing.pod(), node, 1);
            }
        }
        if (incoming.hasRequired()) {
            for (NodeInfo node : handle.snapshot().nodes()) {
                for (PodInfo existing : node.pods()) {
                    counting.countIncoming(counts, existing.pod(), node, 1, memo);
                }
            }
        }
        state.write(PRE_FILTER_KEY, counts);
        if (counts.existingAnti.isEmpty() && !incoming.hasRequired()) {
            return PreFilterResult.skip();
        }
        return PreFilterResult.success();
    }

    @Override
    public PreFilterExtensions preFilterExtensions() {
        return this;
    }

    @Override
    public Status addPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo node) {
        return update(state, podToAdd.pod(), node, 1);
    }

    @Override
    public Status removePod(CycleState state, Pod podToSchedule, PodInfo podToRemove,
            NodeInfo node) {
        return update(state, podToRemove.pod(), node, -1);
    }

    private Status update(CycleState state, Pod pod, NodeInfo node, long delta) {
        TopologyCounts counts = state.read(PRE_FILTER_KEY);
        if (counts == null) {
            return Status.error("reading \"" + PRE_FILTER_KEY + "\" from cycleState: not found");
        }
        counting.countExistingAnti(counts, pod, node, delta);
        counting.countIncoming(counts, pod, node, delta, new HashMap<>());
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        TopologyCounts counts = state.read(PRE_FILTER_KEY);
        if (counts == null) {
            return Status.error("reading \"" + PRE_FILTER_KEY + "\" from cycleState: not found");
        }
        Map<String, String> labels = TopologyCounts.labels(node);
        if (!satisfiesAffinity(counts, labels)) {
            return Status.unresolvable(AFFINITY_NOT_MATCH);
        }
        for (AffinityTerm t : counts.pod.requiredAnti()) {
            String v = labels.get(t.topologyKey());
            if (v != null && TopologyCounts.get(counts.anti, t.topologyKey(), v) > 0) {
                return Status.unschedulable(ANTI_AFFINITY_NOT_MATCH);
            }
        }
        for (Map.Entry<String, Map<String, Long>> byKey : counts.existingAnti.entrySet()) {
            String v = labels.get(byKey.getKey());
            if (v != null && byKey.getValue().getOrDefault(v, 0L) > 0) {
                return Status.unschedulable(EXISTING_ANTI_AFFINITY_NOT_MATCH);
            }
        }
        return Status.success();
    }

    private static boolean satisfiesAffinity(TopologyCounts counts, Map<String, String> labels) {
        List<AffinityTerm> terms = counts.pod.requiredAffinity();
        boolean podsExist = true;
        for (AffinityTerm t : terms) {
            String v = labels.get(t.topologyKey());
            if (v == null) {
                return false;
            }
            if (TopologyCounts.get(counts.affinity, t.topologyKey(), v) <= 0) {
                podsExist = false;
            }
        }
        // The first pod of a group with affinity to itself: no pod anywhere matches yet.
        return podsExist || (counts.affinity.isEmpty()
                && PodTerms.matchesAll(terms, counts.pod.pod(), counts.namespaceLabels));
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        return scores.preScore(state, pod);
    }

    @Override
    public Score score(CycleState state, Pod pod, NodeInfo node) {
        return scores.score(state, node);
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, List<NodeScore> nodeScores) {
        return scores.normalize(state, nodeScores);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.POD, ClusterEvent.Action.ALL),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.ADD),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_LABEL),
                new ClusterEvent(ClusterEvent.Resource.NAMESPACE, ClusterEvent.Action.ALL));
    }

}
