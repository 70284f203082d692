package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Runs before binding, off the scheduling thread (e.g. binding the pod's volumes). */
public interface PreBindPlugin extends Plugin {
    Status preBind(CycleState state, Pod pod, String nodeName);
}
