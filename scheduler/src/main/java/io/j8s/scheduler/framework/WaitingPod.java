package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** A pod that a Permit plugin made wait before its binding. */
public interface WaitingPod {
    Pod pod();

    /** The plugin {@code pluginName} no longer holds the pod; it binds when none does. */
    void allow(String pluginName);

    /** The pod is not bound: it is unreserved and goes back to the queue. */
    void reject(String pluginName, String message);
}
