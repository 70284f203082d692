package io.j8s.kubelet.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * A container as the runtime reports it. Times are null until they happened; {@code reason} is
 * the runtime's ({@code OOMKilled}, {@code Error}, {@code Completed}) once exited.
 */
public record ContainerStatus(
        String id,
        String sandboxId,
        String name,
        int attempt,
        State state,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        int exitCode,
        String reason,
        String message,
        String image,
        String imageRef,
        String logPath,
        Map<String, String> labels,
        Map<String, String> annotations) {

    public ContainerStatus {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** CRI's ContainerState. */
    public enum State { CREATED, RUNNING, EXITED, UNKNOWN }
}
