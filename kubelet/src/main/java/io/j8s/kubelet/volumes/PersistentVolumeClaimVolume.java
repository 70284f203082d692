package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.nio.file.Path;

/**
 * persistentVolumeClaim and generic ephemeral volumes: the seam the storage issue fills (find
 * the claim's bound PersistentVolume, then set up its source under
 * {@code kubernetes.io~<plugin>/<name>}). Until then such a pod shows FailedMount saying so.
 */
final class PersistentVolumeClaimVolume {

    Path setUp(Pod pod, Volume volume) throws VolumeException {
        String kind = volume.getEphemeral() != null ? "ephemeral" : "persistentVolumeClaim";
        throw new VolumeException(volume.getName(), "no volume plugin matched: " + kind
                + " volumes are not supported yet (persistentVolumeClaim volumes arrive with the storage issue)");
    }
}
