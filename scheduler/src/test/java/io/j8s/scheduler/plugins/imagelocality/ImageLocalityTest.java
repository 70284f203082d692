package io.j8s.scheduler.plugins.imagelocality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.plugins.PluginFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageLocalityTest {
    static final long MB = 1024L * 1024;

    /** A node holding images given as name, sizeInMB pairs. */
    static NodeInfo withImages(String name, Object... nameAndSize) {
        Node node = PluginFixtures.node(name);
        List<ContainerImage> images = new ArrayList<>();
        for (int i = 0; i < nameAndSize.length; i += 2) {
            images.add(new ContainerImage(List.of((String) nameAndSize[i]), ((Integer) nameAndSize[i + 1]) * MB));
        }
        node.getStatus().setImages(images);
        return new NodeInfo(node);
    }

    static Pod running(String... images) {
        Pod pod = PluginFixtures.pod("p");
        List<Container> cs = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            Container c = PluginFixtures.container("c" + i, java.util.Map.of());
            c.setImage(images[i]);
            cs.add(c);
        }
        pod.getSpec().setContainers(cs);
        return pod;
    }

    static List<Long> scores(Pod pod, List<NodeInfo> nodes) {
        ImageLocality plugin = new ImageLocality(null, PluginFixtures.handle(nodes));
        CycleState state = new CycleState();
        plugin.preScore(state, pod, nodes);
        return nodes.stream().map(n -> plugin.score(state, pod, n).value()).toList();
    }

    @Test
    void upstreamsTwoNodeExamples() {
        NodeInfo node1 = withImages("node1", "gcr.io/40:latest", 40, "gcr.io/300:latest", 300);
        NodeInfo node2 = withImages("node2", "gcr.io/250:latest", 250, "gcr.io/10:latest", 10);
        // pod 40 + 300: node1 has both, each on 1 of 2 nodes: 100 * (170 - 23) / 1977 = 7; node2 none: 0
        assertEquals(List.of(7L, 0L), scores(running("gcr.io/40", "gcr.io/300"), List.of(node1, node2)));
        // pod 40 + 250: node1 20MB -> below the 23MB floor: 0; node2 125MB: 100 * 102 / 1977 = 5
        assertEquals(List.of(0L, 5L), scores(running("gcr.io/40", "gcr.io/250"), List.of(node1, node2)));
    }

    @Test
    void anImageOnEveryNodeDoesNotPullPodsToOne() {
        NodeInfo a = withImages("a", "big:latest", 2000);
        NodeInfo b = withImages("b", "big:latest", 2000);
        NodeInfo c = withImages("c");
        // on 2 of 3 nodes: 2000 * 2/3 = 1333MB, clamped to 1000MB for one container -> 100
        assertEquals(List.of(100L, 100L, 0L), scores(running("big"), List.of(a, b, c)));
        NodeInfo d = withImages("d", "mid:v1", 500);
        NodeInfo e = withImages("e", "mid:v1", 500);
        // on every node: 500MB -> 100 * (500 - 23) / 977 = 48 on both, tag kept as given
        assertEquals(List.of(48L, 48L), scores(running("mid:v1"), List.of(d, e)));
    }

    @Test
    void scoringIsSkippedWhenNoNodeHasTheImages() {
        List<NodeInfo> nodes = List.of(withImages("a", "other:latest", 500));
        ImageLocality plugin = new ImageLocality(null, PluginFixtures.handle(nodes));
        CycleState state = new CycleState();
        org.junit.jupiter.api.Assertions.assertTrue(plugin.preScore(state, running("nginx"), nodes).isSkip());
        assertEquals(0, plugin.score(state, running("nginx"), nodes.get(0)).value());
    }

    @Test
    void namesWithoutTagAreLatest() {
        assertEquals("nginx:latest", ImageLocality.normalized("nginx"));
        assertEquals("registry:5000/app:latest", ImageLocality.normalized("registry:5000/app"));
        assertEquals("registry:5000/app:v2", ImageLocality.normalized("registry:5000/app:v2"));
    }
}
