package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * configMap: the object's data and binaryData keys (or the volume's items) as files on the
 * node's disk, written and later updated by the {@link AtomicWriter}. A missing object or key
 * fails the volume unless it is optional.
 */
final class ConfigMapVolume {
    static final String PLUGIN = "configmap";
    static final int DEFAULT_MODE = 0644;
    private final VolumeDirs dirs;
    private final ReferencedObjects objects;

    ConfigMapVolume(VolumeDirs dirs, ReferencedObjects objects) {
        this.dirs = dirs;
        this.objects = objects;
    }

    Path setUp(Pod pod, Volume volume) throws VolumeException {
        ConfigMapVolumeSource source = volume.getConfigMap();
        boolean optional = Boolean.TRUE.equals(source.getOptional());
        Map<String, FileProjection> payload = payload(volume.getName(), fetch(volume.getName(), pod,
                source.getName(), optional), source.getItems(), mode(source.getDefaultMode()), optional);
        Path dir = dirs.volume(pod, PLUGIN, volume.getName());
        AtomicWriter.writeVolume(volume.getName(), dir, payload, () -> dirs.disk(dir));
        return dir;
    }

    /** The configMap, an empty one when it is missing and optional. */
    ConfigMap fetch(String volume, Pod pod, String name, boolean optional) throws VolumeException {
        ConfigMap configMap = objects.configMap(volume, pod.getMetadata().getNamespace(), name);
        if (configMap == null) {
            if (!optional) {
                throw new VolumeException(volume, "configmap \"" + name + "\" not found");
            }
            configMap = new ConfigMap();
        }
        return configMap;
    }

    static Map<String, FileProjection> payload(String volume, ConfigMap configMap, List<KeyToPath> items,
            int defaultMode, boolean optional) throws VolumeException {
        Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
        Map<String, String> binary = configMap.getBinaryData() == null ? Map.of() : configMap.getBinaryData();
        Map<String, FileProjection> payload = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            data.forEach((key, value) -> payload.put(key, FileProjection.of(value, defaultMode)));
            binary.forEach((key, value) -> payload.put(key,
                    new FileProjection(Base64.getDecoder().decode(value), defaultMode)));
            return payload;
        }
        for (KeyToPath item : items) {
            byte[] content;
            if (data.containsKey(item.getKey())) {
                content = data.get(item.getKey()).getBytes(StandardCharsets.UTF_8);
            } else if (binary.containsKey(item.getKey())) {
                content = Base64.getDecoder().decode(binary.get(item.getKey()));
            } else if (optional) {
                continue;
            } else {
                throw new VolumeException(volume, "configmap references non-existent config key: " + item.getKey());
            }
            payload.put(FileProjection.pathOf(item), new FileProjection(content,
                    item.getMode() == null ? defaultMode : item.getMode()));
        }
        return payload;
    }

    static int mode(Integer defaultMode) {
        return defaultMode == null ? DEFAULT_MODE : defaultMode;
    }
}
