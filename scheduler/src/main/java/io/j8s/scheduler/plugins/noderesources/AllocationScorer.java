package io.j8s.scheduler.plugins.noderesources;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Resources;
import java.util.List;

/**
 * What the resource scorers share (upstream's {@code resourceAllocationScorer}): for each
 * configured resource, the node's allocatable and what would be requested with the pod on it.
 * CPU and memory count the node's non-zero requests unless {@code useRequested}; a scalar
 * resource the pod does not ask for, or the node does not have, is left out (allocatable 0).
 */
final class AllocationScorer {
    /** Turns requested and allocatable (index by index) into a 0..100 score. */
    interface Function {
        long score(long[] requested, long[] allocatable);
    }

    private final List<ResourceSpec> resources;
    private final boolean useRequested;
    private final Function function;

    AllocationScorer(List<ResourceSpec> resources, boolean useRequested, Function function) {
        this.resources = List.copyOf(resources);
        this.useRequested = useRequested;
        this.function = function;
    }

    List<ResourceSpec> resources() {
        return resources;
    }

    /** The pod's request of each resource, in the order of {@link #resources()}. */
    long[] podRequests(Pod pod) {
        Resources r = Resources.podRequests(pod, !useRequested);
        long[] out = new long[resources.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = resources.get(i).of(r);
        }
        return out;
    }

    long score(NodeInfo node, long[] podRequests) {
        long[] requested = new long[resources.size()];
        long[] allocatable = new long[resources.size()];
        Resources used = useRequested ? node.requested() : node.nonZeroRequested();
        for (int i = 0; i < requested.length; i++) {
            String name = resources.get(i).name();
            long pod = podRequests[i];
            switch (name) {
                case "cpu" -> {
                    allocatable[i] = node.allocatable().milliCpu;
                    requested[i] = used.milliCpu + pod;
                }
                case "memory" -> {
                    allocatable[i] = node.allocatable().memory;
                    requested[i] = used.memory + pod;
                }
                case "ephemeral-storage" -> {
                    allocatable[i] = node.allocatable().ephemeralStorage;
                    requested[i] = node.requested().ephemeralStorage + pod;
                }
                default -> {
                    Long alloc = node.allocatable().scalar.get(name);
                    if (pod != 0 && alloc != null) {
                        allocatable[i] = alloc;
                        requested[i] = node.requested().scalar(name) + pod;
                    }
                }
            }
            if (allocatable[i] == 0) {
                requested[i] = 0;
            }
        }
        return function.score(requested, allocatable);
    }
}
