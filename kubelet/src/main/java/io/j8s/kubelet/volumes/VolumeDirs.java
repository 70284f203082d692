package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Where the volumes of a pod live ({@code pods/<uid>/volumes/kubernetes.io~<plugin>/<name>} under
 * the kubelet's root) and the directory every volume but hostPath is built on: upstream's
 * (wrapped) emptyDir, on the disk or on a tmpfs sized as upstream sizes memory-backed volumes.
 */
final class VolumeDirs {
    private static final Logger LOG = Logger.getLogger(VolumeDirs.class.getName());
    private final Path podsDir;
    private final Supplier<Map<String, Quantity>> allocatable;
    private final boolean canMount;
    private volatile boolean warned;

    VolumeDirs(Path podsDir, Supplier<Map<String, Quantity>> allocatable, boolean canMount) {
        this.podsDir = podsDir;
        this.allocatable = allocatable;
        this.canMount = canMount;
    }

    Path podsDir() {
        return podsDir;
    }

    /** The directory of all volumes of a pod. */
    Path podVolumes(String podUid) {
        return podsDir.resolve(podUid).resolve("volumes");
    }

    /** The directory of one volume: {@code pods/<uid>/volumes/kubernetes.io~<plugin>/<name>}. */
    Path volume(Pod pod, String plugin, String name) {
        return podVolumes(pod.getMetadata().getUid()).resolve("kubernetes.io~" + plugin).resolve(name);
    }

    /** The node's allocatable resources (cpu, memory, ephemeral-storage...), never null. */
    Map<String, Quantity> allocatable() {
        Map<String, Quantity> resources = allocatable.get();
        return resources == null ? Map.of() : resources;
    }

    /** A directory on the node's disk, mode 0777 as upstream's emptyDir. */
    void disk(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, FileProjection.permissions(0777));
    }

    /** A directory with a tmpfs mounted on it (once: a later call finds the mount). */
    void memory(Path dir, Pod pod, Quantity sizeLimit) throws IOException {
        Files.createDirectories(dir);
        if (!canMount) {
            if (!warned) {
                warned = true;
                LOG.warning("not root: memory-backed volumes (emptyDir Memory, secret, downwardAPI, "
                        + "projected) are plain directories on the disk");
            }
        } else {
            Mounter.Mount mount = Mounter.mountAt(dir);
            if (mount == null || !mount.fsType().equals("tmpfs")) {
                Mounter.mountTmpfs(dir, memorySize(pod, sizeLimit));
            }
        }
        Files.setPosixFilePermissions(dir, FileProjection.permissions(0777));
    }

    /**
     * Upstream's size of a memory-backed volume: the node's allocatable memory, lowered to the
     * pod's memory limit when it has one, lowered to the volume's sizeLimit when set.
     */
    long memorySize(Pod pod, Quantity sizeLimit) {
        long size = bytes(allocatable().get("memory"));
        if (size <= 0) {
            size = memTotal();
        }
        long podLimit = podMemoryLimit(pod);
        if (podLimit > 0 && (size <= 0 || podLimit < size)) {
            size = podLimit;
        }
        long volumeLimit = bytes(sizeLimit);
        if (volumeLimit > 0 && (size <= 0 || volumeLimit < size)) {
            size = volumeLimit;
        }
        return Math.max(size, 0);
    }

    /** The pod cgroup's memory limit: set only when every container has one (0: none). */
    static long podMemoryLimit(Pod pod) {
        long sum = 0;
        for (Container container : pod.getSpec().getContainers()) {
            long limit = containerMemoryLimit(container);
            if (limit <= 0) {
                return 0;
            }
            sum += limit;
        }
        List<Container> inits = pod.getSpec().getInitContainers();
        for (Container init : inits == null ? List.<Container>of() : inits) {
            long limit = containerMemoryLimit(init);
            if (limit <= 0) {
                return 0;
            }
            sum = Math.max(sum, limit);
        }
        return sum;
    }

    private static long containerMemoryLimit(Container container) {
        if (container.getResources() == null || container.getResources().getLimits() == null) {
            return 0;
        }
        return bytes(container.getResources().getLimits().get("memory"));
    }

    static long bytes(Quantity quantity) {
        if (quantity == null || quantity.getAmount() == null) {
            return 0;
        }
        BigDecimal amount = Quantity.getAmountInBytes(quantity);
        return amount.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Deletes a tree without following symlinks (a link is removed, never its target). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
