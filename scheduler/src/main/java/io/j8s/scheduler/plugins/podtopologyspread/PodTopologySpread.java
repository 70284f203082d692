package io.j8s.scheduler.plugins.podtopologyspread;

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
import java.util.List;
import java.util.Map;

/**
 * Upstream's PodTopologySpread. Filter: for each DoNotSchedule constraint, the matching pods in
 * the node's domain plus the pod itself may exceed the smallest domain's count by at most
 * maxSkew (the smallest counts as 0 while there are fewer domains than minDomains). Score: see
 * {@link SpreadScores}. A pod with no constraints gets the defaults: with defaultingType System,
 * zone maxSkew 5 and hostname maxSkew 3, ScheduleAnyway (see {@link PodConstraints} for how
 * their selector is found).
 */
public final class PodTopologySpread implements Plugin, PreFilterPlugin, FilterPlugin,
        PreScorePlugin, ScorePlugin, EnqueueExtensions, PreFilterPlugin.PreFilterExtensions {
    public static final String NAME = "PodTopologySpread";
    static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    static final String NOT_MATCH = "node(s) didn't match pod topology spread constraints";
    static final String MISSING_LABEL = NOT_MATCH + " (missing required label)";

    private final FrameworkHandle handle;
    private final PodConstraints constraints;
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
        this.constraints = new PodConstraints(systemDefaulted ? DefaultConstraints.system()
                : hasList ? DefaultConstraints.parse(list) : List.of());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<Constraint> constraints = this.constraints.of(pod, true);
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
        List<Constraint> constraints = this.constraints.of(pod, false);
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
