package io.j8s.scheduler.plugins.nodeports;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreFilterResult;
import io.j8s.scheduler.framework.Status;
import java.util.List;
import java.util.Map;

/**
 * Rejects a node where a host port the pod asks for is taken, as upstream's HostPortInfo: the
 * same protocol and port conflict when either host IP is {@code 0.0.0.0} (unset) or both are
 * the same IP. A pod without host ports skips the plugin.
 */
public final class NodePorts implements Plugin, PreFilterPlugin, FilterPlugin, EnqueueExtensions {
    public static final String NAME = "NodePorts";
    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final String STATE_KEY = "PreFilter" + NAME;
    private static final String ANY_IP = "0.0.0.0";

    public NodePorts(JsonNode args, FrameworkHandle handle) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<HostPort> wanted = HostPort.parseAll(NodeInfo.hostPorts(pod));
        state.write(STATE_KEY, wanted);
        if (wanted.isEmpty()) {
            return PreFilterResult.skip();
        }
        return PreFilterResult.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        List<HostPort> wanted = state.read(STATE_KEY);
        if (wanted == null) {
            wanted = HostPort.parseAll(NodeInfo.hostPorts(pod));
        }
        return fits(wanted, node.usedPorts()) ? Status.success() : Status.unschedulable(REASON);
    }

    static boolean fits(List<HostPort> wanted, Map<String, Integer> used) {
        if (wanted.isEmpty() || used.isEmpty()) {
            return true;
        }
        List<HostPort> taken = HostPort.parseAll(used.keySet());
        for (HostPort w : wanted) {
            for (HostPort t : taken) {
                if (w.conflicts(t)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.POD, ClusterEvent.Action.DELETE),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.ADD),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_TAINT),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_LABEL));
    }

    /** One host port, from NodeInfo's "protocol/hostIP/port" form. */
    record HostPort(String protocol, String ip, int port) {
        static List<HostPort> parseAll(java.util.Collection<String> keys) {
            return keys.stream().map(HostPort::parse).toList();
        }

        static HostPort parse(String key) {
            int first = key.indexOf('/');
            int last = key.lastIndexOf('/');
            return new HostPort(key.substring(0, first), key.substring(first + 1, last),
                    Integer.parseInt(key.substring(last + 1)));
        }

        boolean conflicts(HostPort other) {
            return port == other.port && protocol.equals(other.protocol)
                    && (ip.equals(ANY_IP) || other.ip.equals(ANY_IP) || ip.equals(other.ip));
        }
    }
}
