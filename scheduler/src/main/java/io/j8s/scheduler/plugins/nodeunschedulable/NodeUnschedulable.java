package io.j8s.scheduler.plugins.nodeunschedulable;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.matching.Tolerations;
import java.util.List;

/**
 * Rejects a node with {@code spec.unschedulable: true} unless the pod tolerates the taint
 * {@code node.kubernetes.io/unschedulable:NoSchedule}; preemption cannot help, so the status
 * is UnschedulableAndUnresolvable. As upstream, a change of {@code spec.unschedulable} counts as
 * a node taint update, and label updates are registered too (as for every plugin that waits for
 * node additions, in case an addition was missed).
 */
public final class NodeUnschedulable implements Plugin, FilterPlugin, EnqueueExtensions {
    public static final String NAME = "NodeUnschedulable";
    public static final String REASON = "node(s) were unschedulable";
    static final String REASON_UNKNOWN_CONDITION = "node(s) had unknown conditions";
    private static final Taint UNSCHEDULABLE =
            new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null);

    public NodeUnschedulable(JsonNode args, FrameworkHandle handle) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Node node = nodeInfo.node();
        if (node == null) {
            return Status.unresolvable(REASON_UNKNOWN_CONDITION);
        }
        if (node.getSpec() == null || !Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return Status.success();
        }
        var tolerations = pod.getSpec() == null ? null : pod.getSpec().getTolerations();
        return Tolerations.tolerates(tolerations, UNSCHEDULABLE) ? Status.success()
                : Status.unresolvable(REASON);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.ADD),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_TAINT),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_LABEL));
    }
}
