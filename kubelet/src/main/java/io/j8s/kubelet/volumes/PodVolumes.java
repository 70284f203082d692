package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.Map;

/**
 * Sets up a pod's volumes on the node, where its containers' volumeMounts bind them. The pod
 * worker calls {@link #setUp} before it creates containers (and again on every sync: it is
 * idempotent and refreshes configMap, secret, downwardAPI and projected contents), and
 * {@link #tearDown} once every container of the pod is gone.
 */
public interface PodVolumes {

    /**
     * The host path of every volume of {@code pod}, by volume name; throws
     * {@link VolumeException} naming the volume when one cannot be set up (a missing configMap
     * key, a hostPath of the wrong type), which the pod shows as {@code FailedMount}.
     */
    Map<String, Path> setUp(Pod pod) throws VolumeException;

    /** Unmounts and removes every volume of the pod with this uid. */
    void tearDown(String podUid);

    /** A volume that could not be set up. */
    final class VolumeException extends Exception {
        private final String volume;

        public VolumeException(String volume, String message) {
            super(message);
            this.volume = volume;
        }

        public String volume() {
            return volume;
        }
    }
}
