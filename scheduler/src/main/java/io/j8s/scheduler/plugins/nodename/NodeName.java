package io.j8s.scheduler.plugins.nodename;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.Status;
import java.util.List;

/** Rejects every node but the one the pod names in {@code spec.nodeName}, when it names one. */
public final class NodeName implements Plugin, FilterPlugin, EnqueueExtensions {
    public static final String NAME = "NodeName";
    public static final String REASON = "node(s) didn't match the requested node name";

    public NodeName(JsonNode args, FrameworkHandle handle) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        String wanted = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (wanted == null || wanted.isEmpty() || node.node() != null && wanted.equals(node.name())) {
            return Status.success();
        }
        return Status.unresolvable(REASON);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.ADD),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_TAINT),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_LABEL));
    }
}
