package io.j8s.kubelet.pods;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Writes a pod's status through the {@code pods/status} subresource as a JSON merge patch (lists
 * replaced whole, so no conflict to retry), only when it differs from what was written last.
 */
final class PodStatusWriter {
    private final KubernetesClient client;

    PodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Writes {@code status} if it changed; false if the pod is gone from the API. */
    boolean write(PodState state, PodStatus status) {
        if (status.equals(state.lastWritten)) {
            return true;
        }
        Pod pod = state.pod;
        ObjectNode patch = Serialization.jsonMapper().createObjectNode();
        patch.set("status", Serialization.jsonMapper().valueToTree(status));
        try {
            Pod written = patch(pod, patch.toString());
            if (written != null && !pod.getMetadata().getUid().equals(written.getMetadata().getUid())) {
                return false;
            }
            state.lastWritten = status;
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The patch, again on a conflict: j8s's API server answers a merge patch that raced another
     * write with 409 instead of retrying it as upstream does, so the kubelet retries. Through
     * {@code resource(...)}, not {@code withName}: fabric8 GETs a pod it was only given the name
     * of before it patches, which doubled the kubelet's requests for every status it wrote. The
     * resource is the pod's name alone (fabric8 copies it; the patch is the body as given).
     */
    private Pod patch(Pod pod, String body) {
        Pod target = new PodBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).endMetadata().build();
        for (int attempt = 0; ; attempt++) {
            try {
                return client.pods().inNamespace(pod.getMetadata().getNamespace())
                        .resource(target).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), body);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }
}
