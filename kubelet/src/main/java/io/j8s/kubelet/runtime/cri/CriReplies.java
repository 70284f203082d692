package io.j8s.kubelet.runtime.cri;

import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.Image;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import io.j8s.kubelet.runtime.RuntimeCondition;
import io.j8s.kubelet.runtime.cri.v1.ContainerState;
import io.j8s.kubelet.runtime.cri.v1.PodSandboxState;
import io.j8s.kubelet.runtime.cri.v1.RuntimeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** CRI messages as the contract's records. CRI's times are nanoseconds since the epoch, 0 for never. */
final class CriReplies {
    private CriReplies() {}

    static PodSandboxStatus sandbox(io.j8s.kubelet.runtime.cri.v1.PodSandboxStatus s) {
        return new PodSandboxStatus(s.getId(), s.getMetadata().getName(), s.getMetadata().getNamespace(),
                s.getMetadata().getUid(), s.getMetadata().getAttempt(),
                s.getState() == PodSandboxState.SANDBOX_READY,
                s.hasNetwork() ? s.getNetwork().getIp() : "",
                time(s.getCreatedAt()), s.getLabelsMap(), s.getAnnotationsMap());
    }

    static ContainerStatus container(io.j8s.kubelet.runtime.cri.v1.ContainerStatus s, String sandboxId) {
        return new ContainerStatus(s.getId(), sandboxId, s.getMetadata().getName(),
                s.getMetadata().getAttempt(), state(s.getState()), time(s.getCreatedAt()),
                time(s.getStartedAt()), time(s.getFinishedAt()), s.getExitCode(), s.getReason(),
                s.getMessage(), s.getImage().getImage(), s.getImageRef(), s.getLogPath(),
                s.getLabelsMap(), s.getAnnotationsMap());
    }

    static Image image(io.j8s.kubelet.runtime.cri.v1.Image i) {
        return new Image(i.getId(), i.getRepoTagsList(), i.getRepoDigestsList(), i.getSize());
    }

    /** RuntimeReady and NetworkReady; the message names each false one with its reason. */
    static RuntimeCondition condition(RuntimeStatus status) {
        boolean runtime = false;
        boolean network = false;
        List<String> why = new ArrayList<>();
        for (var c : status.getConditionsList()) {
            if (c.getType().equals("RuntimeReady")) {
                runtime = c.getStatus();
            } else if (c.getType().equals("NetworkReady")) {
                network = c.getStatus();
            } else {
                continue;
            }
            if (!c.getStatus()) {
                why.add(c.getType() + "=false reason:" + c.getReason() + " message:" + c.getMessage());
            }
        }
        return new RuntimeCondition(runtime, network, String.join("; ", why));
    }

    private static ContainerStatus.State state(ContainerState state) {
        return switch (state) {
            case CONTAINER_CREATED -> ContainerStatus.State.CREATED;
            case CONTAINER_RUNNING -> ContainerStatus.State.RUNNING;
            case CONTAINER_EXITED -> ContainerStatus.State.EXITED;
            default -> ContainerStatus.State.UNKNOWN;
        };
    }

    private static Instant time(long nanos) {
        return nanos == 0 ? null : Instant.ofEpochSecond(0, nanos);
    }
}
