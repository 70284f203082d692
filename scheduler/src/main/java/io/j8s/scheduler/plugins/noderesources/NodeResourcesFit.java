package io.j8s.scheduler.plugins.noderesources;

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
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.Resources;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Filter: the pod's requests (containers, init containers, sidecars, overhead) must fit the
 * node's allocatable minus what its pods request, resource by resource, and the node must have
 * room for one more pod. Every shortfall is a reason ("Insufficient cpu", "Too many pods");
 * the status is UnschedulableAndUnresolvable when the pod asks for more than the whole node
 * has (preemption cannot help), Unschedulable otherwise. Extended resources named in
 * {@code ignoredResources} or in a group of {@code ignoredResourceGroups} are not checked.
 * Score: the configured strategy over non-zero requests.
 */
public final class NodeResourcesFit implements Plugin, PreFilterPlugin, FilterPlugin, PreScorePlugin,
        ScorePlugin, EnqueueExtensions {
    public static final String NAME = "NodeResourcesFit";
    private static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;

    private final FitArgs args;

    public NodeResourcesFit(JsonNode args, FrameworkHandle handle) {
        this.args = FitArgs.read(args);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The scoring strategy in use (LeastAllocated, MostAllocated, RequestedToCapacityRatio). */
    public String scoringStrategy() {
        return args.strategy();
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        state.write(PRE_FILTER_KEY, Resources.podRequests(pod, false));
        return PreFilterResult.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        Resources request = state.read(PRE_FILTER_KEY);
        if (request == null) {
            request = Resources.podRequests(pod, false);
        }
        return fits(request, node);
    }

    Status fits(Resources pod, NodeInfo node) {
        List<String> reasons = new ArrayList<>(2);
        boolean unresolvable = false;
        Resources alloc = node.allocatable();
        Resources used = node.requested();
        if (node.pods().size() + 1 > alloc.pods) {
            reasons.add("Too many pods");
        }
        if (pod.milliCpu == 0 && pod.memory == 0 && pod.ephemeralStorage == 0 && pod.scalar.isEmpty()) {
            return reasons.isEmpty() ? Status.success() : Status.unschedulable(reasons.toArray(String[]::new));
        }
        if (pod.milliCpu > 0 && pod.milliCpu > alloc.milliCpu - used.milliCpu) {
            reasons.add("Insufficient cpu");
            unresolvable |= pod.milliCpu > alloc.milliCpu;
        }
        if (pod.memory > 0 && pod.memory > alloc.memory - used.memory) {
            reasons.add("Insufficient memory");
            unresolvable |= pod.memory > alloc.memory;
        }
        if (pod.ephemeralStorage > 0 && pod.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
            reasons.add("Insufficient ephemeral-storage");
            unresolvable |= pod.ephemeralStorage > alloc.ephemeralStorage;
        }
        if (!pod.scalar.isEmpty()) {
            for (var e : new TreeMap<>(pod.scalar).entrySet()) {
                String name = e.getKey();
                long want = e.getValue();
                if (want == 0 || ignored(name)) {
                    continue;
                }
                long have = alloc.scalar(name);
                if (want > have - used.scalar(name)) {
                    reasons.add("Insufficient " + name);
                    unresolvable |= want > have;
                }
            }
        }
        if (reasons.isEmpty()) {
            return Status.success();
        }
        String[] r = reasons.toArray(String[]::new);
        return unresolvable ? Status.unresolvable(r) : Status.unschedulable(r);
    }

    private boolean ignored(String name) {
        if (!ExtendedResources.isExtended(name)) {
            return false;
        }
        return args.ignoredResources().contains(name)
                || !args.ignoredResourceGroups().isEmpty()
                        && args.ignoredResourceGroups().contains(name.substring(0, name.indexOf('/')));
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        state.write(PRE_SCORE_KEY, args.scorer().podRequests(pod));
        return Status.success();
    }

    @Override
    public Score score(CycleState state, Pod pod, NodeInfo node) {
        long[] requests = state.read(PRE_SCORE_KEY);
        if (requests == null) {
            requests = args.scorer().podRequests(pod);
        }
        return Score.of(args.scorer().score(node, requests));
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return events();
    }

    static List<ClusterEvent> events() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.POD, ClusterEvent.Action.DELETE),
                new ClusterEvent(ClusterEvent.Resource.ASSIGNED_POD, ClusterEvent.Action.UPDATE_POD_SCALE_DOWN),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.ADD),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_ALLOCATABLE),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_TAINT),
                new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.Action.UPDATE_NODE_LABEL));
    }
}
