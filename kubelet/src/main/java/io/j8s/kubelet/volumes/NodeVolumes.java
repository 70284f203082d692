package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The pod volumes of this node, laid out as upstream's kubelet lays them out:
 * {@code DATA_DIR/agent/kubelet/pods/<uid>/volumes/kubernetes.io~<plugin>/<name>} for emptyDir,
 * configMap, secret, downwardAPI and projected; a hostPath volume is the host's own path.
 * Memory-backed volumes (emptyDir Memory, secret, downwardAPI, projected) are tmpfs mounts when
 * the kubelet runs as root. Referenced objects are read through the kubelet's own client.
 *
 * <pre>{@code
 * PodVolumes volumes = new NodeVolumes(client, dataDir, () -> node.getStatus().getAllocatable());
 * }</pre>
 */
public final class NodeVolumes implements PodVolumes {
    private static final Logger LOG = Logger.getLogger(NodeVolumes.class.getName());
    private final VolumeDirs dirs;
    private final KubernetesClient client;
    private final ServiceAccountTokens tokens;
    private final EmptyDirVolume emptyDirs;
    private final HostPathVolume hostPaths = new HostPathVolume();
    private final ConfigMapVolume configMaps;
    private final SecretVolume secrets;
    private final DownwardApiVolume downwardApis;
    private final ProjectedVolume projected;
    private final PersistentVolumeClaimVolume claims = new PersistentVolumeClaimVolume();
    private final Map<String, Object> podLocks = new ConcurrentHashMap<>();

    /**
     * @param client the kubelet's own client (reads configMaps and secrets, asks for tokens)
     * @param dataDir the node's data directory, {@code DATA_DIR}
     * @param allocatable the node's allocatable resources ({@code cpu}, {@code memory},
     *     {@code ephemeral-storage}), as its Node status reports them: the default of a
     *     resourceFieldRef limit and the size of a memory-backed volume
     */
    public NodeVolumes(KubernetesClient client, Path dataDir, Supplier<Map<String, Quantity>> allocatable) {
        this(client, dataDir, allocatable, Clock.systemUTC());
    }

    /** With the clock that times token refreshes. */
    NodeVolumes(KubernetesClient client, Path dataDir, Supplier<Map<String, Quantity>> allocatable, Clock clock) {
        this.client = client;
        this.dirs = new VolumeDirs(dataDir.resolve("agent").resolve("kubelet").resolve("pods"), allocatable,
                Mounter.canMount());
        ReferencedObjects objects = new ReferencedObjects(client);
        this.tokens = new ServiceAccountTokens(client, clock);
        this.emptyDirs = new EmptyDirVolume(dirs);
        this.configMaps = new ConfigMapVolume(dirs, objects);
        this.secrets = new SecretVolume(dirs, objects);
        this.downwardApis = new DownwardApiVolume(dirs);
        this.projected = new ProjectedVolume(dirs, configMaps, secrets, tokens);
    }

    @Override
    public Map<String, Path> setUp(Pod pod) throws VolumeException {
        String uid = pod.getMetadata().getUid();
        checkUid(uid);
        Map<String, Path> paths = new LinkedHashMap<>();
        List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        synchronized (podLocks.computeIfAbsent(uid, u -> new Object())) {
            for (Volume volume : volumes) {
                paths.put(volume.getName(), setUp(pod, volume));
            }
        }
        return paths;
    }

    private Path setUp(Pod pod, Volume volume) throws VolumeException {
        if (volume.getEmptyDir() != null) {
            return emptyDirs.setUp(pod, volume);
        } else if (volume.getHostPath() != null) {
            return hostPaths.setUp(volume);
        } else if (volume.getConfigMap() != null) {
            return configMaps.setUp(pod, volume);
        } else if (volume.getSecret() != null) {
            return secrets.setUp(pod, volume);
        } else if (volume.getDownwardAPI() != null) {
            return downwardApis.setUp(pod, volume);
        } else if (volume.getProjected() != null) {
            return projected.setUp(pod, volume);
        } else if (volume.getPersistentVolumeClaim() != null || volume.getEphemeral() != null) {
            return claims.setUp(pod, volume);
        }
        throw new VolumeException(volume.getName(), "no volume plugin matched: " + sourceKind(volume)
                + " volumes are not supported by this kubelet");
    }

    @Override
    public void tearDown(String podUid) {
        checkUid(podUid);
        synchronized (podLocks.computeIfAbsent(podUid, u -> new Object())) {
            tokens.forget(podUid);
            Path volumes = dirs.podVolumes(podUid);
            for (Path mount : Mounter.mountsUnder(volumes)) {
                try {
                    Mounter.unmount(mount);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot unmount " + mount + ": " + e.getMessage());
                }
            }
            List<Path> left = Mounter.mountsUnder(volumes);
            if (!left.isEmpty()) {
                LOG.warning("volumes of pod " + podUid + " still mounted, left in place: " + left);
                return;
            }
            try {
                VolumeDirs.deleteTree(volumes);
                Path podDir = dirs.podsDir().resolve(podUid);
                if (Files.isDirectory(podDir)) {
                    try (Stream<Path> rest = Files.list(podDir)) {
                        if (rest.findAny().isEmpty()) {
                            Files.delete(podDir);
                        }
                    }
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove the volumes of pod " + podUid, e);
            }
        }
        podLocks.remove(podUid);
    }

    /**
     * The uids of pods with volumes on this node's disk: after a restart, the kubelet tears
     * down those of pods it no longer runs.
     */
    public Set<String> podsOnDisk() {
        Set<String> uids = new TreeSet<>();
        if (!Files.isDirectory(dirs.podsDir())) {
            return uids;
        }
        try (Stream<Path> pods = Files.list(dirs.podsDir())) {
            pods.filter(p -> Files.isDirectory(p.resolve("volumes")))
                    .forEach(p -> uids.add(p.getFileName().toString()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list " + dirs.podsDir(), e);
        }
        return uids;
    }

    /** The volume source's field name ("nfs", "csi"...), for the message of an unsupported one. */
    private String sourceKind(Volume volume) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = client.getKubernetesSerialization().convertValue(volume, Map.class);
        return fields.keySet().stream().filter(k -> !k.equals("name")).findFirst().orElse("unknown");
    }

    private static void checkUid(String uid) {
        if (uid == null || uid.isEmpty() || uid.contains("/") || uid.startsWith(".")) {
            throw new IllegalArgumentException("invalid pod uid: " + uid);
        }
    }
}
