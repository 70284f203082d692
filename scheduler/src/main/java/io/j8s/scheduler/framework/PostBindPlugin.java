package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Told after a pod is bound; informational. */
public interface PostBindPlugin extends Plugin {
    void postBind(CycleState state, Pod pod, String nodeName);
}
