package io.j8s.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.ControllerManager;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hand-written Endpoints of a selector-less Service mirrored into EndpointSlices. */
class EndpointSliceMirroringControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    private static List<EndpointSlice> slices(String service) {
        return cluster.admin().discovery().v1().endpointSlices().inNamespace("default")
                .withLabel("kubernetes.io/service-name", service).list().getItems();
    }

    @Test
    void handWrittenEndpointsAreMirroredAndFollowed() {
        KubernetesClient admin = cluster.admin();
        try (KubernetesClient cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
                ControllerManager manager = ControllerManager.builder().client(cm)
                        .allocateNodeCidrs(false).controllers(Set.of("endpointslicemirroring"))
                        .start()) {
            admin.services().inNamespace("default").resource(new ServiceBuilder()
                    .withNewMetadata().withName("external").endMetadata().withNewSpec()
                    .addNewPort().withName("db").withPort(5432).endPort().endSpec().build())
                    .create();
            admin.endpoints().inNamespace("default").resource(new EndpointsBuilder()
                    .withNewMetadata().withName("external").addToLabels("team", "a")
                    .endMetadata().addNewSubset().addNewAddress().withIp("192.168.1.10")
                    .endAddress().addNewNotReadyAddress().withIp("192.168.1.11")
                    .endNotReadyAddress().addNewPort().withName("db").withPort(5432).endPort()
                    .endSubset().build()).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> slices("external").size() == 1);
            EndpointSlice s = slices("external").getFirst();
            assertThat(s.getMetadata().getLabels()).containsEntry(
                    "endpointslice.kubernetes.io/managed-by",
                    "endpointslicemirroring-controller.k8s.io").containsEntry("team", "a");
            assertThat(s.getMetadata().getName()).startsWith("external-");
            assertThat(s.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("db");
                assertThat(p.getPort()).isEqualTo(5432);
            });
            assertThat(s.getEndpoints().stream().map(e -> e.getAddresses().getFirst() + "="
                    + e.getConditions().getReady()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("192.168.1.10=true", "192.168.1.11=false");

            // the endpoints controller's own Endpoints (skip-mirror) and the kubernetes
            // service's are not mirrored: the API server writes that service's slice itself
            assertThat(slices("kubernetes")).noneMatch(slice -> "endpointslicemirroring-controller.k8s.io"
                    .equals(slice.getMetadata().getLabels().get(
                            "endpointslice.kubernetes.io/managed-by")));

            admin.endpoints().inNamespace("default").withName("external").delete();
            await().atMost(Duration.ofSeconds(20)).until(() -> slices("external").isEmpty());
        }
    }
}
