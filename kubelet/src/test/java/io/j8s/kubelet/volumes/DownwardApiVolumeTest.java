package io.j8s.kubelet.volumes;

import static io.j8s.kubelet.volumes.TestPods.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFileBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** downwardAPI volumes: the pod's metadata and its containers' resources as files on a tmpfs. */
class DownwardApiVolumeTest {
    @TempDir
    Path node;
    private NodeVolumes volumes;
    private Pod pod;

    @AfterEach
    void tearDown() {
        if (pod != null) {
            volumes.tearDown(pod.getMetadata().getUid());
        }
        TestPods.assertNoMountsUnder(node);
    }

    private static DownwardAPIVolumeFile field(String path, String fieldPath) {
        return new DownwardAPIVolumeFileBuilder().withPath(path).withNewFieldRef().withFieldPath(fieldPath)
                .endFieldRef().build();
    }

    private static DownwardAPIVolumeFile resource(String path, String resource, String divisor) {
        return new DownwardAPIVolumeFileBuilder().withPath(path).withNewResourceFieldRef().withContainerName("app")
                .withResource(resource).withDivisor(divisor == null ? null : new Quantity(divisor))
                .endResourceFieldRef().build();
    }

    private Path setUp(DownwardAPIVolumeFile... items) throws Exception {
        volumes = new NodeVolumes(null, node, () -> TestPods.ALLOCATABLE);
        pod = TestPods.pod("team-a", new VolumeBuilder().withName("podinfo").withNewDownwardAPI()
                .withItems(items).endDownwardAPI().build());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("zone", "b");
        labels.put("app", "web");
        pod.getMetadata().setLabels(labels);
        pod.getMetadata().setAnnotations(Map.of("note", "say \"hi\"\nbye", "build", "42"));
        pod.getSpec().getContainers().get(0).setResources(new ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("64Mi")).addToLimits("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("1500k")).build());
        return volumes.setUp(pod).get("podinfo");
    }

    @Test
    void metadataFieldsWithLabelsAndAnnotationsInUpstreamsFormat() throws Exception {
        Path dir = setUp(field("name", "metadata.name"), field("namespace", "metadata.namespace"),
                field("uid", "metadata.uid"), field("labels", "metadata.labels"),
                field("annotations", "metadata.annotations"), field("app", "metadata.labels['app']"));

        if (Mounter.canMount()) {
            assertThat(TestPods.mountsUnder(dir)).containsExactly(Map.entry(dir.toString(), "tmpfs"));
        }
        assertThat(dir.toString()).endsWith("/volumes/kubernetes.io~downward-api/podinfo");
        assertThat(read(dir.resolve("name"))).isEqualTo(pod.getMetadata().getName());
        assertThat(read(dir.resolve("namespace"))).isEqualTo("team-a");
        assertThat(read(dir.resolve("uid"))).isEqualTo(pod.getMetadata().getUid());
        assertThat(read(dir.resolve("labels"))).isEqualTo("app=\"web\"\nzone=\"b\"");
        assertThat(read(dir.resolve("annotations"))).isEqualTo("build=\"42\"\nnote=\"say \\\"hi\\\"\\nbye\"");
        assertThat(read(dir.resolve("app"))).isEqualTo("web");

        pod.getMetadata().getLabels().put("app", "api");
        volumes.setUp(pod);
        assertThat(read(dir.resolve("labels"))).isEqualTo("app=\"api\"\nzone=\"b\"");
    }

    @Test
    void resourcesWithDivisorsAndUnsetLimitsFromTheNodesAllocatable() throws Exception {
        Path dir = setUp(resource("mem-mi", "limits.memory", "1Mi"), resource("cpu-m", "limits.cpu", "1m"),
                resource("cpu", "limits.cpu", null), resource("mem-req-ki", "requests.memory", "1Ki"),
                resource("storage-gi", "limits.ephemeral-storage", "1Gi"), resource("cpu-req", "requests.cpu", null));

        assertThat(read(dir.resolve("mem-mi"))).isEqualTo("64");
        assertThat(read(dir.resolve("cpu-m"))).isEqualTo("250");
        assertThat(read(dir.resolve("cpu"))).as("250m rounded up to whole cores").isEqualTo("1");
        assertThat(read(dir.resolve("mem-req-ki"))).as("1500000 / 1024 rounded up").isEqualTo("1465");
        assertThat(read(dir.resolve("storage-gi"))).as("no limit: the node's allocatable").isEqualTo("20");
        assertThat(read(dir.resolve("cpu-req"))).as("no request: the limit, as the API defaults it").isEqualTo("1");
    }

    @Test
    void anUnsetCpuLimitIsTheNodesAllocatable() throws Exception {
        volumes = new NodeVolumes(null, node, () -> TestPods.ALLOCATABLE);
        pod = TestPods.pod("default", new VolumeBuilder().withName("podinfo").withNewDownwardAPI()
                .withItems(resource("cpu", "limits.cpu", "1m"), resource("mem", "limits.memory", "1Mi"))
                .endDownwardAPI().build());
        Path dir = volumes.setUp(pod).get("podinfo");
        assertThat(read(dir.resolve("cpu"))).isEqualTo("2000");
        assertThat(read(dir.resolve("mem"))).isEqualTo("4096");
    }

    @Test
    void unsupportedFieldsAndUnknownContainersFailTheVolume() {
        assertThatThrownBy(() -> setUp(field("ip", "status.podIP"))).hasMessage("unsupported fieldPath: status.podIP");
        volumes.tearDown(pod.getMetadata().getUid());
        assertThatThrownBy(() -> setUp(new DownwardAPIVolumeFileBuilder().withPath("x").withNewResourceFieldRef()
                .withContainerName("sidecar").withResource("limits.cpu").endResourceFieldRef().build()))
                .hasMessage("container sidecar not found");
    }

    @Test
    void goQuotingOfValues() {
        assertThat(DownwardApiVolume.quote("tab\there é ✓")).isEqualTo("\"tab\\there é ✓\"");
        assertThat(DownwardApiVolume.quote("\u0001\u007f\u00a0")).isEqualTo("\"\\x01\\x7f\\u00a0\"");
    }
}
