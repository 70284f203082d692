package io.j8s.scheduler.plugins.fake;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Resources;
import io.j8s.scheduler.framework.Status;
import java.util.Set;

/**
 * A stand-in for NodeResourcesFit in plugin tests: CPU requests against allocatable
 * ("Insufficient cpu", resolvable); nodes named in {@code unresolvable} always fail as node
 * affinity would.
 */
public record CpuFit(Set<String> unresolvable) implements FilterPlugin {
    public CpuFit() {
        this(Set.of());
    }

    @Override
    public String name() {
        return "NodeResourcesFit";
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        if (unresolvable.contains(node.name())) {
            return Status.unresolvable("node(s) didn't match Pod's node affinity/selector");
        }
        long wanted = Resources.podRequests(pod, false).milliCpu;
        if (node.requested().milliCpu + wanted > node.allocatable().milliCpu) {
            return Status.unschedulable("Insufficient cpu");
        }
        return Status.success();
    }
}
