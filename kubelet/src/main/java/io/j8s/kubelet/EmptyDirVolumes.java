package io.j8s.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.j8s.kubelet.volumes.PodVolumes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The volumes a kubelet has until the real {@link PodVolumes} is given to it: emptyDir only (a
 * directory under {@code kubelet/pods/UID/volumes/kubernetes.io~empty-dir/NAME}); a pod with any
 * other volume fails to mount it, with a message that says so.
 */
final class EmptyDirVolumes implements PodVolumes {
    private final Path podsDir;

    EmptyDirVolumes(Path podsDir) {
        this.podsDir = podsDir;
    }

    @Override
    public Map<String, Path> setUp(Pod pod) throws VolumeException {
        Map<String, Path> paths = new LinkedHashMap<>();
        if (pod.getSpec().getVolumes() == null) {
            return paths;
        }
        for (Volume v : pod.getSpec().getVolumes()) {
            if (v.getEmptyDir() == null) {
                throw new VolumeException(v.getName(), "this kubelet supports only emptyDir"
                        + " volumes so far");
            }
            Path dir = podsDir.resolve(pod.getMetadata().getUid())
                    .resolve("volumes/kubernetes.io~empty-dir").resolve(v.getName());
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new VolumeException(v.getName(), e.getMessage());
            }
            paths.put(v.getName(), dir);
        }
        return paths;
    }

    @Override
    public void tearDown(String podUid) {
        Path dir = podsDir.resolve(podUid).resolve("volumes");
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: the pod directory goes with the pod
        }
    }
}
