package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Told when a pod is assumed on a node (before binding) and when that is undone (a later
 * extension point failed or the binding did), so that state kept beside the cache stays right.
 */
public interface ReservePlugin extends Plugin {
    Status reserve(CycleState state, Pod pod, String nodeName);

    void unreserve(CycleState state, Pod pod, String nodeName);
}
