package io.j8s.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;

/** Services and EndpointSlices as the API would hold them, for rule tests. */
final class TestServices {
    static final Network NET = new Network("10.42.0.0/16", "10.43.0.0/16", List.of("192.0.2.2"));

    private TestServices() {}

    static ServiceBuilder service(String name, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name)
                .endMetadata().withNewSpec().withType("ClusterIP").withClusterIP(clusterIp)
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).endPort()
                .endSpec();
    }

    static Service nodePort(String name, String clusterIp, int nodePort, String policy) {
        return service(name, clusterIp).editSpec().withType("NodePort")
                .withExternalTrafficPolicy(policy).editFirstPort().withNodePort(nodePort)
                .endPort().endSpec().build();
    }

    /** A slice of {@code service} with port "http" 8080; endpoints "IP", "IP@node", "IP!" (not ready), "IP~" (terminating, serving). */
    static EndpointSlice slice(String service, String... endpoints) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata()
                .withNamespace("default").withName(service + "-abc")
                .addToLabels(ServicePorts.SERVICE_NAME_LABEL, service).endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withProtocol("TCP")
                .withPort(8080).endPort();
        for (String e : endpoints) {
            boolean notReady = e.endsWith("!");
            boolean terminating = e.endsWith("~");
            String spec = notReady || terminating ? e.substring(0, e.length() - 1) : e;
            int at = spec.indexOf('@');
            b.addNewEndpoint().withAddresses(at < 0 ? spec : spec.substring(0, at))
                    .withNodeName(at < 0 ? "other" : spec.substring(at + 1)).withNewConditions()
                    .withReady(!notReady && !terminating).withServing(!notReady)
                    .withTerminating(terminating).endConditions().endEndpoint();
        }
        return b.build();
    }

    static List<ServicePort> ports(Service s, EndpointSlice... slices) {
        return ServicePorts.of(s, List.of(slices), "n1");
    }
}
