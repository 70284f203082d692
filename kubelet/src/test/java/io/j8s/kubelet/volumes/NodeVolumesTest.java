package io.j8s.kubelet.volumes;

import static io.j8s.kubelet.volumes.TestPods.mode;
import static io.j8s.kubelet.volumes.TestPods.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.j8s.kubelet.TestCluster;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** secret, emptyDir, projected and unsupported volumes against a real API server, and tear-down, as root. */
class NodeVolumesTest {
    @RegisterExtension
    @Order(1)
    static final TestCluster cluster = new TestCluster();
    private static final String NS = "default";
    @RegisterExtension
    @Order(2)
    static final VolumeNode node = new VolumeNode(cluster, NS);

    @Test
    void aSecretVolumeIsOnTmpfsAndTearDownUnmountsAndRemovesIt() throws Exception {
        assumeTrue(Mounter.canMount(), "tmpfs mounts need root");
        cluster.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("creds")
                .endMetadata().addToData("password", Base64.getEncoder().encodeToString(
                        "s3cret".getBytes(StandardCharsets.UTF_8))).build()).create();
        Pod pod = TestPods.pod(NS, new VolumeBuilder().withName("creds").withNewSecret().withSecretName("creds")
                .endSecret().build());
        try {
            Path dir = node.volumes().setUp(pod).get("creds");
            assertThat(dir).isEqualTo(node.volumeDir(pod, "secret", "creds"));
            assertThat(TestPods.mountsUnder(dir)).containsExactly(Map.entry(dir.toString(), "tmpfs"));
            assertThat(read(dir.resolve("password"))).isEqualTo("s3cret");
            assertThat(mode(dir.resolve("password"))).isEqualTo("rw-r--r--");
            node.volumes().setUp(pod);
            assertThat(TestPods.mountsUnder(dir)).as("set up again: still one mount").hasSize(1);

            node.volumes().tearDown(pod.getMetadata().getUid());

            assertThat(TestPods.mountsUnder(dir)).isEmpty();
            assertThat(node.dataDir().resolve("agent/kubelet/pods").resolve(pod.getMetadata().getUid())).doesNotExist();
        } finally {
            node.volumes().tearDown(pod.getMetadata().getUid());
        }
        assertThatThrownBy(() -> node.volumes().setUp(node.pod(new VolumeBuilder().withName("s").withNewSecret()
                .withSecretName("absent").endSecret().build()))).hasMessage("secret \"absent\" not found");
    }

    @Test
    void emptyDirOnDiskOrOnTmpfsOfItsSizeLimitOrThePodsMemoryLimit() throws Exception {
        assumeTrue(Mounter.canMount(), "tmpfs mounts need root");
        Pod pod = node.pod(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("cache").withNewEmptyDir().withMedium("Memory")
                        .withSizeLimit(new Quantity("64Mi")).endEmptyDir().build(),
                new VolumeBuilder().withName("ram").withNewEmptyDir().withMedium("Memory").endEmptyDir().build());
        pod.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("32Mi")).build());

        Map<String, Path> paths = node.volumes().setUp(pod);

        Path scratch = paths.get("scratch");
        assertThat(scratch).isEqualTo(node.volumeDir(pod, "empty-dir", "scratch")).isDirectory();
        assertThat(mode(scratch)).isEqualTo("rwxrwxrwx");
        assertThat(TestPods.mountsUnder(scratch)).isEmpty();
        // sizeLimit 64Mi is above the pod's 32Mi limit: the smaller wins, as upstream.
        assertThat(TestPods.mountsUnder(paths.get("cache"))).containsValue("tmpfs");
        assertThat(TestPods.superOptions(paths.get("cache"))).contains("size=32768k");
        assertThat(Files.getFileStore(paths.get("ram")).getTotalSpace()).isEqualTo(32L << 20);
        Files.writeString(paths.get("ram").resolve("f"), "kept");
        node.volumes().setUp(pod);
        assertThat(read(paths.get("ram").resolve("f"))).isEqualTo("kept");
    }

    @Test
    void emptyDirMemoryTakesItsSizeLimit() throws Exception {
        assumeTrue(Mounter.canMount(), "tmpfs mounts need root");
        Pod pod = node.pod(new VolumeBuilder().withName("cache").withNewEmptyDir().withMedium("Memory")
                .withSizeLimit(new Quantity("64Mi")).endEmptyDir().build());
        Path cache = node.volumes().setUp(pod).get("cache");
        assertThat(TestPods.superOptions(cache)).contains("size=65536k");
        assertThat(Files.getFileStore(cache).getTotalSpace()).isEqualTo(64L << 20);
    }

    @Test
    void projectedMergesConfigMapSecretAndDownwardApiInOneTmpfsDir() throws Exception {
        assumeTrue(Mounter.canMount(), "tmpfs mounts need root");
        cluster.client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("proj-cm").endMetadata().addToData("ca.crt", "CERT").build()).create();
        cluster.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("proj-s")
                .endMetadata().addToData("token", Base64.getEncoder().encodeToString("T".getBytes())).build()).create();
        Pod pod = node.pod(new VolumeBuilder().withName("all-in-one").withNewProjected().withDefaultMode(0440)
                .addNewSource().withNewConfigMap().withName("proj-cm").endConfigMap().endSource()
                .addNewSource().withNewSecret().withName("proj-s").addNewItem().withKey("token").withPath("secret/token")
                .endItem().endSecret().endSource()
                .addNewSource().withNewDownwardAPI().addNewItem().withPath("namespace").withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endItem().endDownwardAPI().endSource()
                .endProjected().build());

        Path dir = node.volumes().setUp(pod).get("all-in-one");

        assertThat(dir).isEqualTo(node.volumeDir(pod, "projected", "all-in-one"));
        assertThat(TestPods.mountsUnder(dir)).containsExactly(Map.entry(dir.toString(), "tmpfs"));
        assertThat(read(dir.resolve("ca.crt"))).isEqualTo("CERT");
        assertThat(read(dir.resolve("secret/token"))).isEqualTo("T");
        assertThat(read(dir.resolve("namespace"))).isEqualTo(NS);
        assertThat(mode(dir.resolve("namespace"))).isEqualTo("r--r-----");
    }

    @Test
    void aServiceAccountTokenSourceFailsNamingItWhileTheServerServesNoTokenRequest() {
        Pod pod = node.pod(new VolumeBuilder().withName("kube-api-access").withNewProjected().addNewSource()
                .withNewServiceAccountToken().withPath("token").withAudience("api").withExpirationSeconds(3600L)
                .endServiceAccountToken().endSource().endProjected().build());
        assertThatThrownBy(() -> node.volumes().setUp(pod))
                .isInstanceOfSatisfying(VolumeException.class, e -> assertThat(e.volume()).isEqualTo("kube-api-access"))
                .hasMessageStartingWith("failed to fetch token")
                .hasMessageContaining("does not serve serviceaccounts/token").hasMessageContaining("serviceAccountToken");
    }

    @Test
    void persistentVolumeClaimsAndUnknownSourcesAreRefusedClearly() {
        assertThatThrownBy(() -> node.volumes().setUp(node.pod(new VolumeBuilder().withName("data")
                .withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim().build())))
                .hasMessageContaining("persistentVolumeClaim volumes arrive with the storage issue");
        assertThatThrownBy(() -> node.volumes().setUp(node.pod(new VolumeBuilder().withName("share").withNewNfs()
                .withServer("nfs.example").withPath("/export").endNfs().build())))
                .hasMessage("no volume plugin matched: nfs volumes are not supported by this kubelet");
    }

    @Test
    void aRestartedKubeletTearsDownWhatAnEarlierOneSetUp() throws Exception {
        assumeTrue(Mounter.canMount(), "tmpfs mounts need root");
        cluster.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("restart")
                .endMetadata().addToData("k", Base64.getEncoder().encodeToString("v".getBytes())).build()).create();
        Pod pod = node.pod(new VolumeBuilder().withName("s").withNewSecret().withSecretName("restart").endSecret().build(),
                new VolumeBuilder().withName("m").withNewEmptyDir().withMedium("Memory").endEmptyDir().build());
        node.volumes().setUp(pod);
        NodeVolumes restarted = new NodeVolumes(cluster.client(), node.dataDir(), () -> TestPods.ALLOCATABLE);
        assertThat(restarted.podsOnDisk()).contains(pod.getMetadata().getUid());

        restarted.tearDown(pod.getMetadata().getUid());

        assertThat(restarted.podsOnDisk()).doesNotContain(pod.getMetadata().getUid());
        TestPods.assertNoMountsUnder(node.dataDir());
        restarted.tearDown(pod.getMetadata().getUid());
    }
}
