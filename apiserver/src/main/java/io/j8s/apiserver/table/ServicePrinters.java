package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.orEmpty;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Services (NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide: SELECTOR) and endpoints (NAME
 * ENDPOINTS AGE). The server prints wide, so load balancer addresses are never clipped.
 */
final class ServicePrinters {
    private ServicePrinters() {}

    static Printer<Service> service() {
        return Printer.of(Service.class).name()
                .column("Type", "string", "type determines how the Service is exposed. Defaults to "
                        + "ClusterIP.", s -> orEmpty(spec(s).getType()))
                .column("Cluster-IP", "string", "clusterIP is the IP address of the service and is "
                        + "usually assigned randomly.", ServicePrinters::clusterIP)
                .column("External-IP", "string", "externalIPs is a list of IP addresses for which nodes "
                        + "in the cluster will also accept traffic for this service.",
                        ServicePrinters::externalIP)
                .column("Port(s)", "string", "The list of ports that are exposed by this service.",
                        ServicePrinters::ports)
                .age()
                .wide("Selector", "string", "Route service traffic to pods with label keys and values "
                        + "matching this selector.", s -> CellText.labels(spec(s).getSelector()))
                .build();
    }

    static Printer<Endpoints> endpoints() {
        return Printer.of(Endpoints.class).name()
                .column("Endpoints", "string", "The set of all endpoints is the union of all subsets.",
                        ServicePrinters::endpointList)
                .age()
                .build();
    }

    private static ServiceSpec spec(Service s) {
        return s.getSpec() == null ? new ServiceSpec() : s.getSpec();
    }

    private static String clusterIP(Service s) {
        List<String> ips = orEmpty(spec(s).getClusterIPs());
        return ips.isEmpty() ? CellText.orNone(spec(s).getClusterIP()) : ips.get(0);
    }

    private static String externalIP(Service s) {
        ServiceSpec spec = spec(s);
        List<String> external = orEmpty(spec.getExternalIPs());
        return switch (orEmpty(spec.getType())) {
            case "ClusterIP", "NodePort" -> external.isEmpty() ? CellText.NONE : String.join(",", external);
            case "LoadBalancer" -> {
                List<String> all = new ArrayList<>(loadBalancerAddresses(s));
                all.addAll(external);
                yield all.isEmpty() ? "<pending>" : String.join(",", all);
            }
            case "ExternalName" -> orEmpty(spec.getExternalName());
            default -> "<unknown>";
        };
    }

    /** The load balancer's addresses, an IP or else a host name each, sorted and distinct. */
    private static TreeSet<String> loadBalancerAddresses(Service s) {
        TreeSet<String> addresses = new TreeSet<>();
        if (s.getStatus() != null && s.getStatus().getLoadBalancer() != null) {
            for (LoadBalancerIngress i : orEmpty(s.getStatus().getLoadBalancer().getIngress())) {
                if (i.getIp() != null && !i.getIp().isEmpty()) {
                    addresses.add(i.getIp());
                } else if (i.getHostname() != null && !i.getHostname().isEmpty()) {
                    addresses.add(i.getHostname());
                }
            }
        }
        return addresses;
    }

    /** {@code 80/TCP,443:30443/TCP}. */
    private static String ports(Service s) {
        String ports = orEmpty(spec(s).getPorts()).stream().map(ServicePrinters::port)
                .collect(Collectors.joining(","));
        return ports.isEmpty() ? CellText.NONE : ports;
    }

    private static String port(ServicePort p) {
        String node = p.getNodePort() != null && p.getNodePort() > 0 ? ":" + p.getNodePort() : "";
        return CellText.count(p.getPort()) + node + "/" + orEmpty(p.getProtocol());
    }

    /** The first three {@code ip:port}, then {@code + N more...}; {@code <none>} without subsets. */
    private static String endpointList(Endpoints e) {
        List<EndpointSubset> subsets = orEmpty(e.getSubsets());
        if (subsets.isEmpty()) {
            return CellText.NONE;
        }
        int max = 3;
        List<String> shown = new ArrayList<>();
        int count = 0;
        for (EndpointSubset ss : subsets) {
            List<EndpointAddress> addresses = orEmpty(ss.getAddresses());
            List<EndpointPort> ports = orEmpty(ss.getPorts());
            if (ports.isEmpty()) {
                count += addresses.size();
                for (EndpointAddress a : addresses) {
                    if (shown.size() < max) {
                        shown.add(a.getIp());
                    }
                }
                continue;
            }
            for (EndpointPort port : ports) {
                count += addresses.size();
                for (EndpointAddress a : addresses) {
                    if (shown.size() < max) {
                        shown.add(hostPort(a.getIp(), CellText.count(port.getPort())));
                    }
                }
            }
        }
        String joined = String.join(",", shown);
        return count > max ? joined + " + " + (count - max) + " more..." : joined;
    }

    private static String hostPort(String ip, long port) {
        String host = orEmpty(ip);
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
