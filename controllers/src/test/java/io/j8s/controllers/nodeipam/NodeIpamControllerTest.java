package io.j8s.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Node IPAM against a real API server, with the controller manager's own credentials. */
class NodeIpamControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    private static void createNode(String name) {
        cluster.admin().nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .endMetadata().build()).create();
    }

    private static String podCidrOf(String name) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Node n = cluster.admin().nodes().withName(name).get();
            return n != null && n.getSpec() != null && n.getSpec().getPodCIDR() != null;
        });
        Node n = cluster.admin().nodes().withName(name).get();
        assertThat(n.getSpec().getPodCIDRs()).containsExactly(n.getSpec().getPodCIDR());
        return n.getSpec().getPodCIDR();
    }

    @Test
    void nodesGetDistinctSubnetsThatAreReusedAfterDeleteAndKeptAcrossARestart() {
        try (KubernetesClient cm = cluster.client(TestCluster.CONTROLLER_MANAGER)) {
            NodeIpamController controller = new NodeIpamController(cm, "10.42.0.0/16", 24)
                    .start();
            try {
                for (String n : List.of("a", "b", "c")) {
                    createNode(n);
                }
                assertThat(List.of(podCidrOf("a"), podCidrOf("b"), podCidrOf("c")))
                        .containsExactlyInAnyOrder("10.42.0.0/24", "10.42.1.0/24",
                                "10.42.2.0/24");

                String freed = podCidrOf("b");
                cluster.admin().nodes().withName("b").delete();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> cluster.admin().nodes().withName("b").get() == null);
                // The controller must have seen the delete before the next node is created.
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    synchronized (controller) {
                        return controller.freeSubnets() == 256 - 2;
                    }
                });
                createNode("d");
                assertThat(podCidrOf("d")).isEqualTo(freed);
            } finally {
                controller.close();
            }
            Set<String> before = Set.of(podCidrOf("a"), podCidrOf("c"), podCidrOf("d"));

            // A new controller (a server restart) takes what the nodes hold before allocating.
            try (NodeIpamController restarted = new NodeIpamController(cm, "10.42.0.0/16", 24)
                    .start()) {
                createNode("e");
                assertThat(podCidrOf("e")).isEqualTo("10.42.3.0/24").isNotIn(before);
                assertThat(Set.of(podCidrOf("a"), podCidrOf("c"), podCidrOf("d")))
                        .isEqualTo(before);
            }
        }
    }

    @Test
    void aNodeCreatedWithASubnetKeepsIt() {
        try (KubernetesClient cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
                NodeIpamController controller = new NodeIpamController(cm, "10.42.0.0/16", 24)
                        .start()) {
            cluster.admin().nodes().resource(new NodeBuilder().withNewMetadata()
                    .withName("preset").endMetadata().withNewSpec().withPodCIDR("10.42.200.0/24")
                    .withPodCIDRs("10.42.200.0/24").endSpec().build()).create();
            createNode("after-preset");
            String other = podCidrOf("after-preset");
            assertThat(other).isNotEqualTo("10.42.200.0/24");
            assertThat(podCidrOf("preset")).isEqualTo("10.42.200.0/24");
            Set<String> all = cluster.admin().nodes().list().getItems().stream()
                    .map(n -> n.getSpec().getPodCIDR()).collect(Collectors.toSet());
            assertThat(all).hasSize(cluster.admin().nodes().list().getItems().size());
        } finally {
            cluster.admin().nodes().withName("preset").delete();
            cluster.admin().nodes().withName("after-preset").delete();
        }
    }
}
