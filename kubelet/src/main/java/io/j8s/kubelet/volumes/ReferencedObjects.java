package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;

/**
 * The configMaps and secrets that volumes reference, read through the API with the kubelet's own
 * client: a GET per set-up, so a changed object shows on the pod's next sync. A missing object
 * is null; any other failure a {@link VolumeException} naming the volume.
 */
final class ReferencedObjects {
    private final KubernetesClient client;

    ReferencedObjects(KubernetesClient client) {
        this.client = client;
    }

    KubernetesClient client() {
        return client;
    }

    ConfigMap configMap(String volume, String namespace, String name) throws VolumeException {
        try {
            return client.configMaps().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new VolumeException(volume, "failed to get configmap \"" + name + "\": " + reason(e));
        }
    }

    Secret secret(String volume, String namespace, String name) throws VolumeException {
        try {
            return client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new VolumeException(volume, "failed to get secret \"" + name + "\": " + reason(e));
        }
    }

    static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }
}
