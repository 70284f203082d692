package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;

/**
 * Approves, rejects or delays the binding of an assumed pod. A WAIT answer parks the pod (for at
 * most {@code timeout}) until a plugin allows or rejects it through
 * {@link FrameworkHandle#waitingPod}.
 */
public interface PermitPlugin extends Plugin {
    PermitResult permit(CycleState state, Pod pod, String nodeName);

    record PermitResult(Status status, Duration timeout) {
        public static PermitResult allow() {
            return new PermitResult(Status.success(), Duration.ZERO);
        }
    }
}
