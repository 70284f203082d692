package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * A pod as the cache counts it on a node: the pod and its requests computed once (containers,
 * init containers and overhead, as upstream's {@code PodRequests}).
 */
public record PodInfo(Pod pod, Resources requests, Resources nonZeroRequests) {
    public static PodInfo of(Pod pod) {
        return new PodInfo(pod, Resources.podRequests(pod, false), Resources.podRequests(pod, true));
    }

    public String uid() {
        return pod.getMetadata().getUid();
    }

    public static int priority(Pod pod) {
        Integer p = pod.getSpec() == null ? null : pod.getSpec().getPriority();
        return p == null ? 0 : p;
    }
}
