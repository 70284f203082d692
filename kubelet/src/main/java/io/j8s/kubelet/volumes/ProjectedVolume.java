package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * projected: configMap, secret, downwardAPI and serviceAccountToken sources merged into one
 * directory on a tmpfs, written by the {@link AtomicWriter}. clusterTrustBundle sources are
 * refused (this cluster serves no ClusterTrustBundle) unless optional, which gives an empty file.
 */
final class ProjectedVolume {
    static final String PLUGIN = "projected";
    private final VolumeDirs dirs;
    private final ConfigMapVolume configMaps;
    private final SecretVolume secrets;
    private final ServiceAccountTokens tokens;

    ProjectedVolume(VolumeDirs dirs, ConfigMapVolume configMaps, SecretVolume secrets, ServiceAccountTokens tokens) {
        this.dirs = dirs;
        this.configMaps = configMaps;
        this.secrets = secrets;
        this.tokens = tokens;
    }

    Path setUp(Pod pod, Volume volume) throws VolumeException {
        Map<String, FileProjection> payload = payload(pod, volume.getName(), volume.getProjected());
        Path dir = dirs.volume(pod, PLUGIN, volume.getName());
        AtomicWriter.writeVolume(volume.getName(), dir, payload, () -> dirs.memory(dir, pod, null));
        return dir;
    }

    private Map<String, FileProjection> payload(Pod pod, String volume, ProjectedVolumeSource source)
            throws VolumeException {
        int mode = ConfigMapVolume.mode(source.getDefaultMode());
        Map<String, FileProjection> payload = new LinkedHashMap<>();
        List<VolumeProjection> sources = source.getSources() == null ? List.of() : source.getSources();
        for (VolumeProjection projection : sources) {
            if (projection.getConfigMap() != null) {
                ConfigMapProjection ref = projection.getConfigMap();
                boolean optional = Boolean.TRUE.equals(ref.getOptional());
                payload.putAll(ConfigMapVolume.payload(volume, configMaps.fetch(volume, pod, ref.getName(), optional),
                        ref.getItems(), mode, optional));
            } else if (projection.getSecret() != null) {
                SecretProjection ref = projection.getSecret();
                boolean optional = Boolean.TRUE.equals(ref.getOptional());
                payload.putAll(SecretVolume.payload(volume, secrets.fetch(volume, pod, ref.getName(), optional),
                        ref.getItems(), mode, optional));
            } else if (projection.getDownwardAPI() != null) {
                payload.putAll(DownwardApiVolume.payload(volume, pod, projection.getDownwardAPI().getItems(),
                        mode, dirs.allocatable()));
            } else if (projection.getServiceAccountToken() != null) {
                String path = projection.getServiceAccountToken().getPath();
                payload.put(path, FileProjection.of(tokens.token(volume, pod, projection.getServiceAccountToken()), mode));
            } else if (projection.getClusterTrustBundle() != null) {
                if (!Boolean.TRUE.equals(projection.getClusterTrustBundle().getOptional())) {
                    throw new VolumeException(volume, "clusterTrustBundle projections are not supported by this "
                            + "kubelet: the cluster serves no certificates.k8s.io ClusterTrustBundle");
                }
                payload.put(projection.getClusterTrustBundle().getPath(), FileProjection.of("", mode));
            }
        }
        return payload;
    }
}
