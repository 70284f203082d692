package io.j8s.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.j8s.testcluster.TestCluster;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pods reach the API server through the kubernetes Service: it has a slice the proxy routes by. */
class KubernetesServiceTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    @Test
    void theKubernetesServiceHasAnEndpointSliceWithTheApiServersAddress() {
        var client = cluster.admin();
        Service svc = client.services().inNamespace("default").withName("kubernetes").get();
        List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace("default")
                .withLabel(ServicePorts.SERVICE_NAME_LABEL, "kubernetes").list().getItems();
        List<ServicePort> ports = ServicePorts.of(svc, slices, "n1");
        assertThat(ports).singleElement().satisfies(p -> {
            assertThat(p.clusterIp()).isEqualTo(svc.getSpec().getClusterIP());
            assertThat(p.clusterEndpoints()).singleElement().satisfies(e ->
                    assertThat(e.port()).isEqualTo(svc.getSpec().getPorts().get(0)
                            .getTargetPort().getIntVal()));
        });
    }
}
