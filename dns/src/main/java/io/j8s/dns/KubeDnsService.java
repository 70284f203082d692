package io.j8s.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The {@code kube-dns} Service of {@code kube-system} at the cluster DNS address (as k3s shows
 * it: labels {@code k8s-app=kube-dns}, {@code kubernetes.io/name=CoreDNS}, ports dns/53/UDP and
 * dns-tcp/53/TCP) without a selector, and its EndpointSlice, managed by j8s's DNS, pointing at the
 * address and port the server listens on. Kept as the server starts: a changed node address or
 * port replaces the slice's endpoint.
 */
public final class KubeDnsService {
    private static final Logger LOG = Logger.getLogger(KubeDnsService.class.getName());
    public static final String NAMESPACE = "kube-system";
    public static final String NAME = "kube-dns";
    /** The EndpointSlice's manager, so that the endpointslice controller leaves it alone. */
    public static final String MANAGED_BY = "dns.j8s.io";
    static final String SLICE = "kube-dns-j8s";

    private KubeDnsService() {}

    /**
     * Creates or updates the Service (cluster IP {@code serviceIp}) and the EndpointSlice
     * ({@code address}:{@code port}) with a client that may write Services and EndpointSlices in
     * kube-system.
     */
    public static void ensure(KubernetesClient client, String serviceIp, String address, int port) {
        Map<String, String> labels = Map.of("k8s-app", "kube-dns", "kubernetes.io/name", "CoreDNS",
                "kubernetes.io/cluster-service", "true");
        Service existing = client.services().inNamespace(NAMESPACE).withName(NAME).get();
        if (existing != null && !serviceIp.equals(existing.getSpec().getClusterIP())) {
            LOG.warning("the Service kube-system/kube-dns has cluster IP "
                    + existing.getSpec().getClusterIP() + ", not " + serviceIp
                    + "; pods are told " + serviceIp + ": recreating it");
            client.services().inNamespace(NAMESPACE).withName(NAME).delete();
            existing = null;
        }
        Service wanted = new ServiceBuilder().withNewMetadata().withName(NAME)
                .withNamespace(NAMESPACE).withLabels(labels)
                .withAnnotations(Map.of("prometheus.io/port", "9153", "prometheus.io/scrape", "true"))
                .endMetadata().withNewSpec().withType("ClusterIP").withClusterIP(serviceIp)
                .withClusterIPs(serviceIp)
                .withPorts(new ServicePortBuilder().withName("dns").withProtocol("UDP").withPort(53)
                                .withNewTargetPort(port).build(),
                        new ServicePortBuilder().withName("dns-tcp").withProtocol("TCP").withPort(53)
                                .withNewTargetPort(port).build())
                .endSpec().build();
        if (existing == null) {
            client.services().inNamespace(NAMESPACE).resource(wanted).create();
        } else {
            existing.getMetadata().setLabels(labels);
            existing.getSpec().setSelector(null);
            existing.getSpec().setPorts(wanted.getSpec().getPorts());
            client.services().inNamespace(NAMESPACE).resource(existing).update();
        }
        EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withName(SLICE)
                .withNamespace(NAMESPACE)
                .withLabels(Map.of("kubernetes.io/service-name", NAME,
                        "endpointslice.kubernetes.io/managed-by", MANAGED_BY, "k8s-app", "kube-dns"))
                .endMetadata()
                .withAddressType(address.contains(":") ? "IPv6" : "IPv4")
                .addNewEndpoint().withAddresses(address).withNewConditions().withReady(true)
                .withServing(true).withTerminating(false).endConditions().endEndpoint()
                .addNewPort().withName("dns").withProtocol("UDP").withPort(port).endPort()
                .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(port).endPort()
                .build();
        var slices = client.discovery().v1().endpointSlices().inNamespace(NAMESPACE);
        EndpointSlice current = slices.withName(SLICE).get();
        if (current == null) {
            slices.resource(slice).create();
        } else {
            slice.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            slices.resource(slice).update();
        }
        LOG.info("Service kube-system/kube-dns at " + serviceIp + " -> " + address + ":" + port);
    }

}
