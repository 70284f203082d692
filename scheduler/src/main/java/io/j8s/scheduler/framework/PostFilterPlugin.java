package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * Runs when no node passed filtering (preemption): may make room and name the node the pod is
 * nominated to.
 */
public interface PostFilterPlugin extends Plugin {
    /**
     * @param filteredNodeStatuses every node that was filtered out, with the status that did it
     */
    PostFilterResult postFilter(CycleState state, Pod pod, Map<String, Status> filteredNodeStatuses);

    /** The status and, on success, the node the pod is nominated to. */
    record PostFilterResult(Status status, String nominatedNodeName) {
        public static PostFilterResult of(Status status) {
            return new PostFilterResult(status, null);
        }
    }
}
