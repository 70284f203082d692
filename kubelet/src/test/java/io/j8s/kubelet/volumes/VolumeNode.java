package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.j8s.kubelet.TestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A node's {@link NodeVolumes} over a {@link TestCluster} (register it after the cluster, with
 * {@code @Order}): the pods a test makes through {@link #pod} are torn down after each test, and
 * no mount may be left under the node's data dir after a test or under the cluster's dir after
 * the class.
 */
final class VolumeNode implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final TestCluster cluster;
    private final String namespace;
    private final List<Pod> pods = new ArrayList<>();
    private Path dataDir;
    private NodeVolumes volumes;

    VolumeNode(TestCluster cluster, String namespace) {
        this.cluster = cluster;
        this.namespace = namespace;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        dataDir = cluster.dir().resolve("node");
        volumes = new NodeVolumes(cluster.client(), dataDir, () -> TestPods.ALLOCATABLE);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            pods.forEach(pod -> volumes.tearDown(pod.getMetadata().getUid()));
        } finally {
            pods.clear();
            TestPods.assertNoMountsUnder(dataDir);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestPods.assertNoMountsUnder(cluster.dir());
    }

    NodeVolumes volumes() {
        return volumes;
    }

    Path dataDir() {
        return dataDir;
    }

    /** A pod with these volumes, torn down after the test. */
    Pod pod(Volume... podVolumes) {
        Pod pod = TestPods.pod(namespace, podVolumes);
        pods.add(pod);
        return pod;
    }

    /** Where a volume of {@code plugin} ({@code configmap}, {@code empty-dir}...) of the pod lives. */
    Path volumeDir(Pod pod, String plugin, String name) {
        return dataDir.resolve("agent/kubelet/pods").resolve(pod.getMetadata().getUid())
                .resolve("volumes").resolve("kubernetes.io~" + plugin).resolve(name);
    }
}
