package io.j8s.kubelet.volumes;

import static io.j8s.kubelet.volumes.TestPods.mode;
import static io.j8s.kubelet.volumes.TestPods.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** configMap volumes against a real API server: items, modes, updates, missing objects and keys. */
class ConfigMapVolumeTest {
    @RegisterExtension
    @Order(1)
    static final TestCluster cluster = new TestCluster();
    private static final String NS = "default";
    @RegisterExtension
    @Order(2)
    static final VolumeNode node = new VolumeNode(cluster, NS);

    @Test
    void configMapItemsAndDefaultModeAsFilesBehindTheDataSymlink() throws Exception {
        cluster.client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("app-config").endMetadata().addToData("a", "alpha").addToData("b", "beta")
                .addToBinaryData("c", Base64.getEncoder().encodeToString(new byte[] {0, 1, 2})).build()).create();
        Pod pod = node.pod(new VolumeBuilder().withName("items").withNewConfigMap().withName("app-config")
                        .withDefaultMode(0600).addNewItem().withKey("a").withPath("conf/a.txt").withMode(0400).endItem()
                        .addNewItem().withKey("b").withPath("b").endItem().endConfigMap().build(),
                new VolumeBuilder().withName("all").withNewConfigMap().withName("app-config").endConfigMap().build());

        Map<String, Path> paths = node.volumes().setUp(pod);

        Path items = paths.get("items");
        assertThat(items).isEqualTo(node.volumeDir(pod, "configmap", "items"));
        assertThat(read(items.resolve("conf/a.txt"))).isEqualTo("alpha");
        assertThat(mode(items.resolve("conf/a.txt"))).isEqualTo("r--------");
        assertThat(read(items.resolve("b"))).isEqualTo("beta");
        assertThat(mode(items.resolve("b"))).isEqualTo("rw-------");
        assertThat(Files.exists(items.resolve("a"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readSymbolicLink(items.resolve("conf"))).isEqualTo(Path.of("..data/conf"));
        assertThat(Files.readSymbolicLink(items.resolve("..data")).toString()).matches("\\.\\.\\d{4}(_\\d\\d){5}\\.\\d+");
        assertThat(TestPods.mountsUnder(items)).isEmpty();
        Path all = paths.get("all");
        assertThat(read(all.resolve("a"))).isEqualTo("alpha");
        assertThat(Files.readAllBytes(all.resolve("c"))).containsExactly(0, 1, 2);
        assertThat(mode(all.resolve("c"))).isEqualTo("rw-r--r--");
    }

    @Test
    void anUpdatedConfigMapSwapsDataAtomicallyAndDropsRemovedKeys() throws Exception {
        var configMaps = cluster.client().configMaps().inNamespace(NS);
        configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("changing").endMetadata()
                .addToData("keep", "v1").addToData("drop", "x").build()).create();
        Pod pod = node.pod(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("changing").endConfigMap().build());
        Path dir = node.volumes().setUp(pod).get("cfg");
        Path before = Files.readSymbolicLink(dir.resolve("..data"));
        node.volumes().setUp(pod);
        assertThat(Files.readSymbolicLink(dir.resolve("..data"))).as("unchanged data, no rewrite").isEqualTo(before);

        configMaps.withName("changing").edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("keep", "v2", "new", "n"))
                .build());
        node.volumes().setUp(pod);

        Path after = Files.readSymbolicLink(dir.resolve("..data"));
        assertThat(after).isNotEqualTo(before);
        assertThat(dir.resolve(before)).as("kept for a reader caught mid-swap").exists();
        assertThat(read(dir.resolve("keep"))).isEqualTo("v2");
        assertThat(read(dir.resolve("new"))).isEqualTo("n");
        assertThat(Files.exists(dir.resolve("drop"), LinkOption.NOFOLLOW_LINKS)).isFalse();

        configMaps.withName("changing").edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("keep", "v3", "new", "n"))
                .build());
        node.volumes().setUp(pod);
        Path latest = Files.readSymbolicLink(dir.resolve("..data"));
        assertThat(dir.resolve(before)).as("two versions old").doesNotExist();
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("..data", latest.toString(), after.toString(), "keep", "new");
        }
    }

    @Test
    void aMissingConfigMapOrKeyFailsWithUpstreamsMessageUnlessOptional() throws Exception {
        cluster.client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("one-key").endMetadata().addToData("k", "v").build()).create();

        assertThatThrownBy(() -> node.volumes().setUp(node.pod(new VolumeBuilder().withName("cfg").withNewConfigMap()
                .withName("nope").endConfigMap().build())))
                .isInstanceOfSatisfying(VolumeException.class, e -> assertThat(e.volume()).isEqualTo("cfg"))
                .hasMessage("configmap \"nope\" not found");
        assertThatThrownBy(() -> node.volumes().setUp(node.pod(new VolumeBuilder().withName("cfg").withNewConfigMap()
                .withName("one-key").addNewItem().withKey("missing").withPath("m").endItem().endConfigMap().build())))
                .hasMessage("configmap references non-existent config key: missing");

        Path optional = node.volumes().setUp(node.pod(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("nope")
                .withOptional(true).endConfigMap().build())).get("cfg");
        assertThat(optional).isDirectory();
        Path optionalKey = node.volumes().setUp(node.pod(new VolumeBuilder().withName("cfg").withNewConfigMap()
                .withName("one-key").withOptional(true).addNewItem().withKey("missing").withPath("m").endItem()
                .addNewItem().withKey("k").withPath("k").endItem().endConfigMap().build())).get("cfg");
        assertThat(read(optionalKey.resolve("k"))).isEqualTo("v");
        assertThat(optionalKey.resolve("m")).doesNotExist();
    }
}
