package io.j8s.scheduler.plugins.podtopologyspread;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
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
import java.util.Set;

/**
 * Upstream's PodTopologySpread. Filter: for each DoNotSchedule constraint, the matching pods in
 * the node's domain plus the pod itself may exceed the smallest domain's count by at most
 * maxSkew (the smallest counts as 0 while there are fewer domains than minDomains). Score: see
 * {@link SpreadScores}. A pod with no constraints gets the defaults: with defaultingType System,
 * zone maxSkew 5 and hostname maxSkew 3, ScheduleAnyway. Upstream selects the pods to spread with
 * the selectors of the Services, ReplicaSets and StatefulSets that select the pod; the framework's
 * listers have none of those, so a pod owned by a controller is spread with its own labels minus
 * the per-pod ones (pod name, index, revision hash), which is what those selectors match.
 */
public final class PodTopologySpread implements Plugin, PreFilterPlugin, FilterPlugin,
        PreScorePlugin, ScorePlugin, EnqueueExtensions, PreFilterPlugin.PreFilterExtensions {
    public static final String NAME = "PodTopologySpread";
    static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    static final String NOT_MATCH = "node(s) didn't match pod topology spread constraints";
    static final String MISSING_LABEL = NOT_MATCH + " (missing required label)";
    private static final Set<String> PER_POD_LABELS = Set.of("statefulset.kubernetes.io/pod-name",
            "apps.kubernetes.io/pod-index", "controller-revision-hash");
    private static final Set<String> SPREAD_OWNERS = Set.of("ReplicaSet", "StatefulSet",
            "ReplicationController");

    private final FrameworkHandle handle;
    private final List<TopologySpreadConstraint> defaults;
    private final boolean systemDefaulted;

    public PodTopologySpread(JsonNode args, FrameworkHandle handle) {
        this.handle = handle;
        String type = "System";
        JsonNode list = null;
        if (args != null && !args.isNull()) {
            if (args.hasNonNull("defaultingType")) {
                type = args.get("defaultingType").asText();
            }
            list = args.get("defaultConstraints");
        }
        if (!type.equals("System") && !type.equals("List")) {
            throw new IllegalArgumentException("PodTopologySpreadArgs.defaultingType: Unsupported"
                    + " value: \"" + type + "\": supported values: \"List\", \"System\"");
        }
        boolean hasList = list != null && !list.isNull() && list.size() > 0;
        if (type.equals("System") && hasList) {
            throw new IllegalArgumentException("PodTopologySpreadArgs.defaultConstraints: Invalid"
                    + " value: must be empty for System .defaultingType");
        }
        this.systemDefaulted = type.equals("System");
        this.defaults = systemDefaulted ? List.of(
                defaultConstraint(3, "kubernetes.io/hostname", "ScheduleAnyway"),
                defaultConstraint(5, "topology.kubernetes.io/zone", "ScheduleAnyway"))
                : hasList ? DefaultConstraints.parse(list) : List.of();
    }

    private static TopologySpreadConstraint defaultConstraint(int skew, String key, String when) {
        return new TopologySpreadConstraintBuilder().withMaxSkew(skew).withTopologyKey(key)
                .withWhenUnsatisfiable(when).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The pod's constraints of one kind ({@code doNotSchedule}), or the defaults'. */
    List<Constraint> constraints(Pod pod, boolean doNotSchedule) {
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

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<Constraint> constraints = constraints(pod, true);
        if (constraints.isEmpty()) {
            state.write(PRE_FILTER_KEY, new SpreadCounts(pod, List.of()));
            return PreFilterResult.skip();
        }
        state.write(PRE_FILTER_KEY, SpreadCounts.count(pod, constraints, handle.snapshot().nodes()));
        return PreFilterResult.success();
    }

    @Override
    public PreFilterExtensions preFilterExtensions() {
        return this;
    }

    @Override
    public Status addPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo node) {
        SpreadCounts counts = state.read(PRE_FILTER_KEY);
        if (counts != null) {
            counts.update(podToAdd.pod(), node, 1);
        }
        return Status.success();
    }

    @Override
    public Status removePod(CycleState state, Pod podToSchedule, PodInfo podToRemove,
            NodeInfo node) {
        SpreadCounts counts = state.read(PRE_FILTER_KEY);
        if (counts != null) {
            counts.update(podToRemove.pod(), node, -1);
        }
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        SpreadCounts counts = state.read(PRE_FILTER_KEY);
        if (counts == null) {
            return Status.error("reading \"" + PRE_FILTER_KEY + "\" from cycleState: not found");
        }
        Map<String, String> labels = NodeInclusion.labels(node.node());
        for (int i = 0; i < counts.constraints.size(); i++) {
            Constraint c = counts.constraints.get(i);
            String value = labels.get(c.topologyKey());
            if (value == null) {
                return Status.unresolvable(MISSING_LABEL);
            }
            long self = counts.self[i];
            long matching = counts.perDomain.get(i).getOrDefault(value, 0L);
            if (matching + self - counts.min[i] > c.maxSkew()) {
                return Status.unschedulable(NOT_MATCH);
            }
        }
        return Status.success();
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<Constraint> constraints = constraints(pod, false);
        if (constraints.isEmpty()) {
            return Status.skip();
        }
        boolean requireAllKeys = (pod.getSpec().getTopologySpreadConstraints() != null
                && !pod.getSpec().getTopologySpreadConstraints().isEmpty()) || !systemDefaulted;
        state.write(SpreadScores.KEY, SpreadScores.of(pod, constraints, nodes,
                handle.snapshot().nodes(), requireAllKeys));
        return Status.success();
    }

    @Override
    public Score score(CycleState state, Pod pod, NodeInfo node) {
        SpreadScores s = state.read(SpreadScores.KEY);
        return s == null ? Score.of(0) : s.score(node);
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, List<NodeScore> scores) {
        SpreadScores s = state.read(SpreadScores.KEY);
        return s == null ? Status.success() : s.normalize(scores);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.POD, ClusterEvent.Action.ALL),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.ADD),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.DELETE),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_LABEL),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_TAINT));
    }
}
