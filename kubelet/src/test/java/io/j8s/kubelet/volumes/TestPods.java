package io.j8s.kubelet.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Pods to set volumes up for, and what a test reads back from the node. */
final class TestPods {
    static final Map<String, Quantity> ALLOCATABLE = Map.of("cpu", new Quantity("2"),
            "memory", new Quantity("4Gi"), "ephemeral-storage", new Quantity("20Gi"), "pods", new Quantity("110"));

    private TestPods() {}

    /** A pod with one container "app" and the given volumes, a fresh uid. */
    static Pod pod(String namespace, Volume... volumes) {
        return new PodBuilder().withNewMetadata().withName("p-" + UUID.randomUUID().toString().substring(0, 8))
                .withNamespace(namespace).withUid(UUID.randomUUID().toString()).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer()
                .withVolumes(volumes).endSpec().build();
    }

    /** The mount points of /proc/self/mountinfo at or below dir, with their filesystem type. */
    static Map<String, String> mountsUnder(Path dir) {
        try {
            var mounts = new java.util.LinkedHashMap<String, String>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                String point = fields[4];
                if (point.startsWith(dir.toAbsolutePath().toString())) {
                    mounts.put(point, fields[List.of(fields).indexOf("-") + 1]);
                }
            }
            return mounts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The super options of the mount at dir ("rw,size=65536k,..."), or null. */
    static String superOptions(Path dir) throws IOException {
        String result = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields[4].equals(dir.toAbsolutePath().toString())) {
                result = fields[fields.length - 1];
            }
        }
        return result;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    static void assertNoMountsUnder(Path dir) {
        assertThat(mountsUnder(dir)).as("mounts left under %s", dir).isEmpty();
    }
}
