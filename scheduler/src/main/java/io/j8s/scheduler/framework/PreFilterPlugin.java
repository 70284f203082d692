package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Runs once per cycle before filtering: computes what Filter reads (into the CycleState) and may
 * narrow the nodes to consider.
 */
public interface PreFilterPlugin extends Plugin {
    PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes);

    /**
     * Adjusts this plugin's state for a pod added to or removed from a node, so that preemption
     * can ask "would it fit without these victims?". Null when the plugin's state does not
     * depend on other pods.
     */
    default PreFilterExtensions preFilterExtensions() {
        return null;
    }

    /** Incremental updates of the PreFilter state. */
    interface PreFilterExtensions {
        Status addPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo node);

        Status removePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo node);
    }
}
