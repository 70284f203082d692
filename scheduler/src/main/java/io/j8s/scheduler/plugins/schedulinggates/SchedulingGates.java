package io.j8s.scheduler.plugins.schedulinggates;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreEnqueuePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps a pod out of the active queue while it has scheduling gates, as upstream: the status is
 * UnschedulableAndUnresolvable "waiting for scheduling gates: [a b]"; the pod's own update that
 * removes the gates brings it back.
 */
public final class SchedulingGates implements Plugin, PreEnqueuePlugin, EnqueueExtensions {
    public static final String NAME = "SchedulingGates";

    public SchedulingGates(JsonNode args, FrameworkHandle handle) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preEnqueue(Pod pod) {
        List<PodSchedulingGate> gates = pod.getSpec() == null ? null : pod.getSpec().getSchedulingGates();
        if (gates == null || gates.isEmpty()) {
            return Status.success();
        }
        String names = gates.stream().map(PodSchedulingGate::getName).collect(Collectors.joining(" "));
        return Status.unresolvable("waiting for scheduling gates: [" + names + "]");
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.POD, ClusterEvent.Action.UPDATE));
    }
}
