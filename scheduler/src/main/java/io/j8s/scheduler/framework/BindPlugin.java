package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Binds the pod to its node, off the scheduling thread. SKIP hands the pod to the next bind
 * plugin. A binder writes {@link CycleState#bindingAnnotations()} on the Binding.
 */
public interface BindPlugin extends Plugin {
    Status bind(CycleState state, Pod pod, String nodeName);
}
