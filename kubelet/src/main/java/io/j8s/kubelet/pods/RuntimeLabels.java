package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels and annotations the kubelet puts on sandboxes and containers (upstream's keys), by
 * which a restarted kubelet knows them again: pod name, namespace and uid, container name, and in
 * annotations the restart count and a hash of the container's spec.
 */
final class RuntimeLabels {
    static final String POD_NAME = "io.kubernetes.pod.name";
    static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    static final String POD_UID = "io.kubernetes.pod.uid";
    static final String CONTAINER_NAME = "io.kubernetes.container.name";
    static final String CONTAINER_HASH = "io.kubernetes.container.hash";
    static final String RESTART_COUNT = "io.kubernetes.container.restartCount";
    static final String GRACE_PERIOD = "io.kubernetes.pod.terminationGracePeriod";
    static final String KUBELET_MANAGED = "io.kubernetes.kubelet.managed";

    private RuntimeLabels() {}

    static Map<String, String> sandboxLabels(Pod pod) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (pod.getMetadata().getLabels() != null) {
            labels.putAll(pod.getMetadata().getLabels());
        }
        labels.put(POD_NAME, pod.getMetadata().getName());
        labels.put(POD_NAMESPACE, pod.getMetadata().getNamespace());
        labels.put(POD_UID, pod.getMetadata().getUid());
        labels.put(KUBELET_MANAGED, "true");
        return labels;
    }

    static Map<String, String> containerLabels(Pod pod, Container container) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(POD_NAME, pod.getMetadata().getName());
        labels.put(POD_NAMESPACE, pod.getMetadata().getNamespace());
        labels.put(POD_UID, pod.getMetadata().getUid());
        labels.put(CONTAINER_NAME, container.getName());
        return labels;
    }

    static Map<String, String> containerAnnotations(Pod pod, Container container, int restartCount) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CONTAINER_HASH, hash(container));
        annotations.put(RESTART_COUNT, Integer.toString(restartCount));
        Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        annotations.put(GRACE_PERIOD, Long.toString(grace == null ? 30 : grace));
        return annotations;
    }

    /** A hash of the container's spec: a container whose spec changed is started anew. */
    static String hash(Container container) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    Serialization.asJson(container).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int restartCount(Map<String, String> annotations) {
        try {
            return Integer.parseInt(annotations.getOrDefault(RESTART_COUNT, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
