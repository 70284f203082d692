package io.j8s.controllers.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.ControllerManager;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Endpoints and EndpointSlices following pods and their readiness, against a real API server. */
class EndpointsControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static KubernetesClient cm;
    private static ControllerManager manager;

    @BeforeAll
    static void start() {
        cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
        manager = ControllerManager.builder().client(cm).allocateNodeCidrs(false)
                .controllers(Set.of("endpoints", "endpointslice")).start();
    }

    @AfterAll
    static void stop() {
        manager.close();
        cm.close();
    }

    private static void service(String name, String app, boolean publishNotReady) {
        cluster.admin().services().inNamespace("default").resource(new ServiceBuilder()
                .withNewMetadata().withName(name).addToLabels("tier", "front").endMetadata()
                .withNewSpec().addToSelector("app", app).withPublishNotReadyAddresses(
                        publishNotReady).addNewPort().withName("web").withPort(80)
                .withNewTargetPort("http").endPort().endSpec().build()).create();
    }

    private static Endpoints endpoints(String name) {
        return cluster.admin().endpoints().inNamespace("default").withName(name).get();
    }

    private static List<String> ips(List<EndpointAddress> addresses) {
        return addresses == null ? List.of()
                : addresses.stream().map(EndpointAddress::getIp).toList();
    }

    private static List<EndpointSlice> slices(String service) {
        return cluster.admin().discovery().v1().endpointSlices().inNamespace("default")
                .withLabel("kubernetes.io/service-name", service).list().getItems();
    }

    @Test
    void endpointsAndSlicesFollowPodReadiness() {
        KubernetesClient admin = cluster.admin();
        service("web", "web", false);
        PodStatuses.create(admin, "default", "web-a", "web");
        PodStatuses.create(admin, "default", "web-b", "web");
        PodStatuses.create(admin, "default", "other", "db");
        PodStatuses.running(admin, "default", "web-a", "10.42.0.10", true);
        PodStatuses.running(admin, "default", "web-b", "10.42.0.11", false);
        PodStatuses.running(admin, "default", "other", "10.42.0.12", true);

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Endpoints e = endpoints("web");
            return e != null && e.getSubsets() != null && e.getSubsets().size() == 1
                    && ips(e.getSubsets().getFirst().getNotReadyAddresses()).size() == 1;
        });
        EndpointSubset subset = endpoints("web").getSubsets().getFirst();
        assertThat(ips(subset.getAddresses())).containsExactly("10.42.0.10");
        assertThat(ips(subset.getNotReadyAddresses())).containsExactly("10.42.0.11");
        assertThat(subset.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getName()).isEqualTo("web");
            assertThat(p.getProtocol()).isEqualTo("TCP");
        });
        EndpointAddress a = subset.getAddresses().getFirst();
        assertThat(a.getNodeName()).isEqualTo("n1");
        assertThat(a.getTargetRef().getKind()).isEqualTo("Pod");
        assertThat(a.getTargetRef().getName()).isEqualTo("web-a");
        assertThat(endpoints("web").getMetadata().getAnnotations())
                .containsKey("endpoints.kubernetes.io/last-change-trigger-time");
        assertThat(endpoints("web").getMetadata().getLabels()).containsEntry("tier", "front");

        await().atMost(Duration.ofSeconds(20)).until(() -> slices("web").size() == 1
                && slices("web").getFirst().getEndpoints().size() == 2);
        EndpointSlice slice = slices("web").getFirst();
        assertThat(slice.getMetadata().getName()).startsWith("web-");
        assertThat(slice.getMetadata().getLabels()).containsEntry(
                "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("web");
            assertThat(p.getPort()).isEqualTo(8080);
        });
        assertThat(slice.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Service"));
        assertThat(slice.getEndpoints().stream().map(e -> e.getAddresses().getFirst() + "="
                + e.getConditions().getReady() + "/" + e.getConditions().getServing() + "/"
                + e.getConditions().getTerminating()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("10.42.0.10=true/true/false",
                        "10.42.0.11=false/false/false");
        String sliceName = slice.getMetadata().getName();

        // web-b becomes ready, web-a is deleted (a node-bound pod: it terminates gracefully)
        PodStatuses.running(admin, "default", "web-b", "10.42.0.11", true);
        admin.pods().inNamespace("default").withName("web-a").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            EndpointSubset s = endpoints("web").getSubsets().getFirst();
            return ips(s.getAddresses()).equals(List.of("10.42.0.11"))
                    && ips(s.getNotReadyAddresses()).isEmpty();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> slices("web").getFirst()
                .getEndpoints().stream().map(e -> e.getAddresses().getFirst() + "="
                        + e.getConditions().getReady() + "/" + e.getConditions().getServing()
                        + "/" + e.getConditions().getTerminating())
                .collect(Collectors.toSet()).equals(Set.of("10.42.0.10=false/true/true",
                        "10.42.0.11=true/true/false")));
        assertThat(slices("web")).singleElement().satisfies(s -> assertThat(
                s.getMetadata().getName()).isEqualTo(sliceName));

        // publishNotReadyAddresses: an unready pod is an address
        service("all", "web", true);
        PodStatuses.create(admin, "default", "web-c", "web");
        PodStatuses.running(admin, "default", "web-c", "10.42.0.13", false);
        await().atMost(Duration.ofSeconds(20)).until(() -> endpoints("all") != null
                && endpoints("all").getSubsets() != null && ips(endpoints("all").getSubsets()
                        .getFirst().getAddresses()).contains("10.42.0.13"));
    }

    @Test
    void twoHundredFiftyPodsMakeThreeSlicesOfAtMostAHundred() {
        KubernetesClient admin = cluster.admin();
        service("many", "many", false);
        for (int i = 0; i < 250; i++) {
            PodStatuses.create(admin, "default", "many-" + i, "many");
            PodStatuses.running(admin, "default", "many-" + i,
                    "10.44." + (i / 200) + "." + (i % 200 + 1), true);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> slices("many").stream()
                .mapToInt(s -> s.getEndpoints() == null ? 0 : s.getEndpoints().size())
                .sum() == 250);
        assertThat(slices("many")).hasSize(3).allSatisfy(s -> assertThat(s.getEndpoints())
                .hasSizeLessThanOrEqualTo(100));
        await().atMost(Duration.ofSeconds(30)).until(() -> endpoints("many") != null
                && endpoints("many").getSubsets() != null && endpoints("many").getSubsets()
                        .getFirst().getAddresses().size() == 250);
    }
}
