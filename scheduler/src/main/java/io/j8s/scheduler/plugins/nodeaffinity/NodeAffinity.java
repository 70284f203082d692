package io.j8s.scheduler.plugins.nodeaffinity;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeScore;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreFilterResult;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.matching.NodeSelectors;
import io.j8s.scheduler.plugins.matching.Scores;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Filter: the node must match the pod's {@code spec.nodeSelector} and required node affinity
 * (and the profile's {@code addedAffinity}); either failing is UnschedulableAndUnresolvable.
 * PreFilter narrows the nodes to those a {@code metadata.name} In field selector names. Score:
 * the sum of the weights of the preferred terms the node matches, normalised to 0..100.
 */
public final class NodeAffinity implements Plugin, PreFilterPlugin, FilterPlugin, PreScorePlugin,
        ScorePlugin, EnqueueExtensions {
    public static final String NAME = "NodeAffinity";
    public static final String REASON_POD = "node(s) didn't match Pod's node affinity/selector";
    static final String REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
    static final String REASON_CONFLICT = "pod affinity terms conflict";
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;

    private final NodeSelector addedRequired;
    private final List<PreferredSchedulingTerm> addedPreferred;

    public NodeAffinity(JsonNode args, FrameworkHandle handle) {
        io.fabric8.kubernetes.api.model.NodeAffinity added = AddedAffinity.read(args);
        this.addedRequired = added == null ? null : added.getRequiredDuringSchedulingIgnoredDuringExecution();
        List<PreferredSchedulingTerm> pref = added == null ? null
                : added.getPreferredDuringSchedulingIgnoredDuringExecution();
        this.addedPreferred = pref == null || pref.isEmpty() ? null : List.copyOf(pref);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        NodeSelector required = NodeSelectors.requiredAffinity(pod);
        boolean noNodeSelector = pod.getSpec() == null || pod.getSpec().getNodeSelector() == null
                || pod.getSpec().getNodeSelector().isEmpty();
        if (required == null && addedRequired == null && noNodeSelector) {
            return PreFilterResult.skip();
        }
        if (required == null || required.getNodeSelectorTerms() == null
                || required.getNodeSelectorTerms().isEmpty()) {
            return PreFilterResult.success();
        }
        Set<String> names = null;
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            Set<String> termNames = null;
            for (NodeSelectorRequirement r : orEmpty(term.getMatchFields())) {
                if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator())) {
                    Set<String> s = new HashSet<>(orEmpty(r.getValues()));
                    if (termNames == null) {
                        termNames = s;
                    } else {
                        termNames.retainAll(s);
                    }
                }
            }
            if (termNames == null) {
                return PreFilterResult.success(); // this term may match any node
            }
            if (names == null) {
                names = new HashSet<>();
            }
            names.addAll(termNames);
        }
        if (names != null && names.isEmpty()) {
            return PreFilterResult.of(Status.unresolvable(REASON_CONFLICT));
        }
        return new PreFilterResult(Status.success(), names == null ? null : Set.copyOf(names));
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Node node = nodeInfo.node();
        if (addedRequired != null && !NodeSelectors.matches(addedRequired.getNodeSelectorTerms(), node)) {
            return Status.unresolvable(REASON_ENFORCED);
        }
        return NodeSelectors.podMatches(pod, node) ? Status.success() : Status.unresolvable(REASON_POD);
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        if (nodes.isEmpty()) {
            return Status.success();
        }
        List<PreferredSchedulingTerm> preferred = preferred(pod);
        if (preferred.isEmpty() && addedPreferred == null) {
            return Status.skip();
        }
        state.write(PRE_SCORE_KEY, preferred);
        return Status.success();
    }

    @Override
    public Score score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        List<PreferredSchedulingTerm> preferred = state.read(PRE_SCORE_KEY);
        if (preferred == null) {
            preferred = preferred(pod);
        }
        long count = weightOfMatches(preferred, nodeInfo.node());
        if (addedPreferred != null) {
            count += weightOfMatches(addedPreferred, nodeInfo.node());
        }
        return Score.of(count);
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, List<NodeScore> scores) {
        Scores.defaultNormalize(MAX_NODE_SCORE, false, scores);
        return Status.success();
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.ADD),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_LABEL),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_TAINT));
    }

    private static long weightOfMatches(List<PreferredSchedulingTerm> terms, Node node) {
        long sum = 0;
        for (PreferredSchedulingTerm t : terms) {
            int weight = t.getWeight() == null ? 0 : t.getWeight();
            if (weight != 0 && t.getPreference() != null && NodeSelectors.matches(t.getPreference(), node)) {
                sum += weight;
            }
        }
        return sum;
    }

    private static List<PreferredSchedulingTerm> preferred(Pod pod) {
        var a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        var na = a == null ? null : a.getNodeAffinity();
        var p = na == null ? null : na.getPreferredDuringSchedulingIgnoredDuringExecution();
        return p == null ? List.of() : p;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
