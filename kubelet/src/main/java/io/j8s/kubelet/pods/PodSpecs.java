package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/** Small reads of a pod's spec with upstream's defaults filled in. */
final class PodSpecs {
    private PodSpecs() {}

    static List<Container> initContainers(Pod pod) {
        return pod.getSpec().getInitContainers() == null ? List.of()
                : pod.getSpec().getInitContainers();
    }

    static List<Container> containers(Pod pod) {
        return pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
    }

    static List<Container> allContainers(Pod pod) {
        List<Container> all = new ArrayList<>(initContainers(pod));
        all.addAll(containers(pod));
        return all;
    }

    /** An init container with {@code restartPolicy: Always}: a sidecar, kept running. */
    static boolean sidecar(Container c) {
        return "Always".equals(c.getRestartPolicy());
    }

    static String restartPolicy(Pod pod) {
        String policy = pod.getSpec().getRestartPolicy();
        return policy == null || policy.isEmpty() ? "Always" : policy;
    }

    static boolean hostNetwork(Pod pod) {
        return Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    }

    static long gracePeriodSeconds(Pod pod) {
        Long deletion = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (deletion != null) {
            return Math.max(deletion, 0);
        }
        Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        return grace == null ? 30 : Math.max(grace, 0);
    }

    static boolean deleting(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** {@code name_namespace(uid)}: how upstream's messages name a pod. */
    static String format(Pod pod) {
        return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
                + pod.getMetadata().getUid() + ")";
    }

    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    static boolean terminalPhase(String phase) {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
