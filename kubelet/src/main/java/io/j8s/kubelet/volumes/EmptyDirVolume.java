package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * emptyDir: a directory of the pod's own, on the node's disk, or with {@code medium: Memory} a
 * tmpfs of {@code sizeLimit} (else the pod's or the node's memory). A disk emptyDir's sizeLimit
 * is enforced by eviction, which is not this package's work.
 */
final class EmptyDirVolume {
    static final String PLUGIN = "empty-dir";
    private final VolumeDirs dirs;

    EmptyDirVolume(VolumeDirs dirs) {
        this.dirs = dirs;
    }

    Path setUp(Pod pod, Volume volume) throws VolumeException {
        EmptyDirVolumeSource source = volume.getEmptyDir();
        Path dir = dirs.volume(pod, PLUGIN, volume.getName());
        String medium = source.getMedium() == null ? "" : source.getMedium();
        try {
            switch (medium) {
                case "" -> dirs.disk(dir);
                case "Memory" -> dirs.memory(dir, pod, source.getSizeLimit());
                default -> throw new VolumeException(volume.getName(),
                        "emptyDir medium \"" + medium + "\" is not supported by this kubelet");
            }
        } catch (IOException e) {
            throw new VolumeException(volume.getName(), "emptyDir set up failed: " + e.getMessage());
        }
        return dir;
    }
}
