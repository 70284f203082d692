package io.j8s.proxy;

import static io.j8s.proxy.TestServices.ports;
import static io.j8s.proxy.TestServices.service;
import static io.j8s.proxy.TestServices.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServicePort;
import org.junit.jupiter.api.Test;

class ServicePortsTest {
    @Test
    void readyEndpointsAreUsedAndTerminatingOnesOnlyWhenNoneIsReady() {
        var svc = service("web", "10.43.0.20").build();
        var port = ports(svc, slice("web", "10.42.0.5", "10.42.0.6!", "10.42.0.7~")).get(0);
        assertThat(port.clusterEndpoints()).extracting(e -> e.ip()).containsExactly("10.42.0.5");
        var draining = ports(svc, slice("web", "10.42.0.6!", "10.42.0.7~")).get(0);
        assertThat(draining.clusterEndpoints()).extracting(e -> e.ip())
                .containsExactly("10.42.0.7");
    }

    @Test
    void internalTrafficPolicyLocalKeepsThisNodesEndpoints() {
        var svc = service("web", "10.43.0.20").editSpec().withInternalTrafficPolicy("Local")
                .endSpec().build();
        var port = ports(svc, slice("web", "10.42.0.5@n1", "10.42.1.5@n2")).get(0);
        assertThat(port.clusterEndpoints()).extracting(e -> e.ip()).containsExactly("10.42.0.5");
        assertThat(port.allEndpoints()).hasSize(2);
    }

    @Test
    void headlessAndExternalNameServicesHaveNoRules() {
        assertThat(ports(service("h", "None").build(), slice("h", "10.42.0.5"))).isEmpty();
        assertThat(ports(service("x", "").editSpec().withType("ExternalName")
                .withExternalName("example.com").endSpec().build())).isEmpty();
    }

    @Test
    void externalAndLoadBalancerIpsAndAffinityAreRead() {
        var svc = service("lb", "10.43.0.21").editSpec().withType("LoadBalancer")
                .withExternalIPs("198.51.100.7", "not-an-ip").withSessionAffinity("ClientIP")
                .withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(60)
                .endClientIP().endSessionAffinityConfig().endSpec().withNewStatus()
                .withNewLoadBalancer().addNewIngress().withIp("192.0.2.2").endIngress()
                .endLoadBalancer().endStatus().build();
        var port = ports(svc).get(0);
        assertThat(port.externalIps()).containsExactly("198.51.100.7", "192.0.2.2");
        assertThat(port.affinitySeconds()).isEqualTo(60);
    }

    @Test
    void aSlicePortIsMatchedByNameAndProtocol() {
        var svc = service("dns", "10.43.0.10").editSpec().withPorts(
                new ServicePort(null, "dns", null, 53, "UDP", null),
                new ServicePort(null, "dns-tcp", null, 53, "TCP", null)).endSpec().build();
        var slice = new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder(
                slice("dns", "10.42.0.9")).withPorts(
                new io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort(null, "dns", 5353, "UDP"),
                new io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort(null, "dns-tcp", 5354, "TCP"))
                .build();
        var ports = ports(svc, slice);
        assertThat(ports).extracting(p -> p.protocol() + ">" + p.endpoints().get(0).port())
                .containsExactly("udp>5353", "tcp>5354");
    }
}
