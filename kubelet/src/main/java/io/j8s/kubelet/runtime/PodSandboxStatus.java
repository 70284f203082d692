package io.j8s.kubelet.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * A sandbox as the runtime reports it: the pod it belongs to (from its metadata), whether it is
 * ready, its IP (empty for host network), and the labels and annotations it was created with.
 */
public record PodSandboxStatus(
        String id,
        String name,
        String namespace,
        String uid,
        int attempt,
        boolean ready,
        String ip,
        Instant createdAt,
        Map<String, String> labels,
        Map<String, String> annotations) {

    public PodSandboxStatus {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
