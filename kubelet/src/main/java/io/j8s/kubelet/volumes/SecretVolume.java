package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * secret: the object's keys (or the volume's items) as files on a tmpfs, so that they never
 * reach the node's disk, written and later updated by the {@link AtomicWriter}.
 */
final class SecretVolume {
    static final String PLUGIN = "secret";
    private final VolumeDirs dirs;
    private final ReferencedObjects objects;

    SecretVolume(VolumeDirs dirs, ReferencedObjects objects) {
        this.dirs = dirs;
        this.objects = objects;
    }

    Path setUp(Pod pod, Volume volume) throws VolumeException {
        SecretVolumeSource source = volume.getSecret();
        boolean optional = Boolean.TRUE.equals(source.getOptional());
        Map<String, FileProjection> payload = payload(volume.getName(), fetch(volume.getName(), pod,
                source.getSecretName(), optional), source.getItems(),
                ConfigMapVolume.mode(source.getDefaultMode()), optional);
        Path dir = dirs.volume(pod, PLUGIN, volume.getName());
        AtomicWriter.writeVolume(volume.getName(), dir, payload, () -> dirs.memory(dir, pod, null));
        return dir;
    }

    /** The secret, an empty one when it is missing and optional. */
    Secret fetch(String volume, Pod pod, String name, boolean optional) throws VolumeException {
        Secret secret = objects.secret(volume, pod.getMetadata().getNamespace(), name);
        if (secret == null) {
            if (!optional) {
                throw new VolumeException(volume, "secret \"" + name + "\" not found");
            }
            secret = new Secret();
        }
        return secret;
    }

    static Map<String, FileProjection> payload(String volume, Secret secret, List<KeyToPath> items,
            int defaultMode, boolean optional) throws VolumeException {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        Map<String, FileProjection> payload = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            data.forEach((key, value) -> payload.put(key, new FileProjection(decode(value), defaultMode)));
            return payload;
        }
        for (KeyToPath item : items) {
            if (!data.containsKey(item.getKey())) {
                if (optional) {
                    continue;
                }
                throw new VolumeException(volume, "references non-existent secret key: " + item.getKey());
            }
            payload.put(FileProjection.pathOf(item), new FileProjection(decode(data.get(item.getKey())),
                    item.getMode() == null ? defaultMode : item.getMode()));
        }
        return payload;
    }

    private static byte[] decode(String value) {
        return value == null ? new byte[0] : Base64.getMimeDecoder().decode(value);
    }
}
