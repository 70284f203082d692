package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.componentbase.events.EventRecorder;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * Records pod events through the API with source component {@code kubelet} and the node as host,
 * off the worker's path, on the kubelet's executor; the componentbase EventRecorder aggregates
 * repeats as upstream's correlator does.
 */
final class PodEvents {
    private final EventRecorder recorder;

    PodEvents(KubernetesClient client, String nodeName, Clock clock, ExecutorService executor) {
        this.recorder = EventRecorder.on(client, "kubelet", nodeName, clock, executor);
    }

    void normal(Pod pod, String fieldPath, String reason, String message) {
        record(pod, fieldPath, "Normal", reason, message);
    }

    void warning(Pod pod, String fieldPath, String reason, String message) {
        record(pod, fieldPath, "Warning", reason, message);
    }

    void record(Pod pod, String fieldPath, String type, String reason, String message) {
        recorder.record(pod, fieldPath, type, reason, message);
    }

    /** Forgets the events of a pod that is gone. */
    void forget(String podUid) {
        recorder.forget(podUid);
    }

    static String fieldPath(Pod pod, String container) {
        boolean init = PodSpecs.initContainers(pod).stream()
                .anyMatch(c -> c.getName().equals(container));
        return (init ? "spec.initContainers{" : "spec.containers{") + container + "}";
    }
}
