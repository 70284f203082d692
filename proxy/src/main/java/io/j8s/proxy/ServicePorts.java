package io.j8s.proxy;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a Service and its EndpointSlices into {@link ServicePort}s, as kube-proxy does: no rules
 * for ExternalName or headless Services, IPv4 addresses only, an endpoint's conditions defaulted
 * as upstream (ready when unset; serving as ready; not terminating).
 */
final class ServicePorts {
    /** The label that ties an EndpointSlice to its Service. */
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private ServicePorts() {}

    static List<ServicePort> of(Service service, List<EndpointSlice> slices, String nodeName) {
        ServiceSpec spec = service.getSpec();
        if (spec == null || "ExternalName".equals(spec.getType()) || spec.getPorts() == null) {
            return List.of();
        }
        String clusterIp = ipv4(spec.getClusterIP());
        List<String> external = new ArrayList<>();
        if (spec.getExternalIPs() != null) {
            spec.getExternalIPs().stream().map(ServicePorts::ipv4).filter(Objects::nonNull)
                    .forEach(external::add);
        }
        if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress in : service.getStatus().getLoadBalancer().getIngress()) {
                String ip = ipv4(in.getIp());
                if (ip != null && !external.contains(ip)) {
                    external.add(ip);
                }
            }
        }
        if (clusterIp == null && external.isEmpty()) {
            return List.of();
        }
        int affinity = 0;
        if ("ClientIP".equals(spec.getSessionAffinity())) {
            affinity = 10800;
            var config = spec.getSessionAffinityConfig();
            if (config != null && config.getClientIP() != null
                    && config.getClientIP().getTimeoutSeconds() != null) {
                affinity = config.getClientIP().getTimeoutSeconds();
            }
        }
        boolean internalLocal = "Local".equals(spec.getInternalTrafficPolicy());
        boolean externalLocal = "Local".equals(spec.getExternalTrafficPolicy());
        String ns = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        List<ServicePort> ports = new ArrayList<>();
        for (var p : spec.getPorts()) {
            String portName = p.getName() == null ? "" : p.getName();
            String protocol = (p.getProtocol() == null ? "TCP" : p.getProtocol())
                    .toLowerCase(Locale.ROOT);
            int nodePort = p.getNodePort() == null ? 0 : p.getNodePort();
            ports.add(new ServicePort(ns, name, portName, protocol, clusterIp, p.getPort(),
                    nodePort, external, affinity, internalLocal, externalLocal,
                    endpoints(slices, portName, protocol, nodeName)));
        }
        return ports;
    }

    private static List<ServicePort.Endpoint> endpoints(List<EndpointSlice> slices, String portName,
            String protocol, String nodeName) {
        Map<String, ServicePort.Endpoint> byAddress = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            if (!"IPv4".equals(slice.getAddressType()) || slice.getPorts() == null
                    || slice.getEndpoints() == null) {
                continue;
            }
            Integer number = null;
            for (var sp : slice.getPorts()) {
                String n = sp.getName() == null ? "" : sp.getName();
                String proto = sp.getProtocol() == null ? "tcp" : sp.getProtocol().toLowerCase(Locale.ROOT);
                if (n.equals(portName) && proto.equals(protocol) && sp.getPort() != null) {
                    number = sp.getPort();
                }
            }
            if (number == null) {
                continue;
            }
            for (var e : slice.getEndpoints()) {
                EndpointConditions c = e.getConditions();
                boolean ready = c == null || c.getReady() == null || c.getReady();
                boolean serving = c == null || c.getServing() == null ? ready : c.getServing();
                boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
                boolean local = nodeName != null && nodeName.equals(e.getNodeName());
                if (e.getAddresses() == null) {
                    continue;
                }
                for (String a : e.getAddresses()) {
                    if (ipv4(a) != null) {
                        byAddress.putIfAbsent(a + ":" + number, new ServicePort.Endpoint(a, number,
                                ready, serving, terminating, local));
                    }
                }
            }
        }
        return new ArrayList<>(byAddress.values());
    }

    /** The address if it is a dotted IPv4 address, else null ("None", "", IPv6). */
    static String ipv4(String address) {
        if (address == null) {
            return null;
        }
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(p) > 255) {
                return null;
            }
        }
        return address;
    }
}
