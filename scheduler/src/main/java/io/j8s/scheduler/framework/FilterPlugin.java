package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Says whether the pod can run on one node. Called in parallel for many nodes: an
 * implementation reads the CycleState and the NodeInfo and writes neither.
 */
public interface FilterPlugin extends Plugin {
    Status filter(CycleState state, Pod pod, NodeInfo node);
}
