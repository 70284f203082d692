package io.j8s.scheduler.plugins.tainttoleration;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeScore;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.matching.Scores;
import io.j8s.scheduler.plugins.matching.Tolerations;
import java.util.List;

/**
 * Filter: the first NoSchedule or NoExecute taint the pod does not tolerate rejects the node,
 * UnschedulableAndUnresolvable with "node(s) had untolerated taint {key: value}". Score: the
 * number of PreferNoSchedule taints not tolerated by the pod's tolerations of effect
 * PreferNoSchedule (or of any effect), reversed by NormalizeScore so fewer is better.
 */
public final class TaintToleration implements Plugin, FilterPlugin, PreScorePlugin, ScorePlugin,
        EnqueueExtensions {
    public static final String NAME = "TaintToleration";
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;

    public TaintToleration(JsonNode args, FrameworkHandle handle) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        List<Taint> taints = taints(node);
        if (taints.isEmpty()) {
            return Status.success();
        }
        Taint t = Tolerations.firstUntolerated(taints, tolerations(pod), Tolerations::noScheduleOrNoExecute);
        if (t == null) {
            return Status.success();
        }
        return Status.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": "
                + (t.getValue() == null ? "" : t.getValue()) + "}");
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        if (nodes.isEmpty()) {
            return Status.success();
        }
        state.write(PRE_SCORE_KEY, preferNoScheduleTolerations(pod));
        return Status.success();
    }

    @Override
    public Score score(CycleState state, Pod pod, NodeInfo node) {
        List<Toleration> tolerations = state.read(PRE_SCORE_KEY);
        if (tolerations == null) {
            tolerations = preferNoScheduleTolerations(pod);
        }
        long count = 0;
        for (Taint t : taints(node)) {
            if ("PreferNoSchedule".equals(t.getEffect()) && !Tolerations.tolerates(tolerations, t)) {
                count++;
            }
        }
        return Score.of(count);
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, List<NodeScore> scores) {
        Scores.defaultNormalize(MAX_NODE_SCORE, true, scores);
        return Status.success();
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.ADD),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_TAINT),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_LABEL));
    }

    private static List<Toleration> preferNoScheduleTolerations(Pod pod) {
        return tolerations(pod).stream().filter(t -> t.getEffect() == null || t.getEffect().isEmpty()
                || "PreferNoSchedule".equals(t.getEffect())).toList();
    }

    private static List<Toleration> tolerations(Pod pod) {
        List<Toleration> t = pod.getSpec() == null ? null : pod.getSpec().getTolerations();
        return t == null ? List.of() : t;
    }

    private static List<Taint> taints(NodeInfo node) {
        var n = node.node();
        List<Taint> t = n == null || n.getSpec() == null ? null : n.getSpec().getTaints();
        return t == null ? List.of() : t;
    }
}
