package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.orEmpty;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassParametersReference;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Ingresses, ingress classes, network policies and endpoint slices. */
final class NetworkingPrinters {
    private NetworkingPrinters() {}

    static Printer<Ingress> ingress() {
        return Printer.of(Ingress.class).name()
                .column("Class", "string", "The name of the IngressClass resource that should be used "
                        + "for additional configuration", i -> CellText.orNone(spec(i).getIngressClassName()))
                .column("Hosts", "string", "Hosts that incoming requests are matched against before "
                        + "the ingress rule", NetworkingPrinters::hosts)
                .column("Address", "string", "Address is a list containing ingress points for the "
                        + "load-balancer", NetworkingPrinters::address)
                .column("Ports", "string", "Ports of TLS configurations that open",
                        i -> orEmpty(spec(i).getTls()).isEmpty() ? "80" : "80, 443")
                .age()
                .build();
    }

    static Printer<IngressClass> ingressClass() {
        return Printer.of(IngressClass.class).name()
                .column("Controller", "string", "Controller that is responsible for handling this class",
                        c -> c.getSpec() == null ? "" : orEmpty(c.getSpec().getController()))
                .column("Parameters", "string", "A reference to a resource with additional parameters",
                        NetworkingPrinters::parameters)
                .age()
                .build();
    }

    static Printer<NetworkPolicy> networkPolicy() {
        return Printer.of(NetworkPolicy.class).name()
                .column("Pod-Selector", "string", "podSelector selects the pods to which this "
                        + "NetworkPolicy object applies.",
                        p -> SelectorText.format(p.getSpec() == null ? null : p.getSpec().getPodSelector()))
                .age()
                .build();
    }

    static Printer<EndpointSlice> endpointSlice() {
        return Printer.of(EndpointSlice.class).name()
                .column("AddressType", "string", "addressType specifies the type of address carried "
                        + "by this EndpointSlice.", s -> orEmpty(s.getAddressType()))
                .column("Ports", "string", "ports specifies the list of network ports exposed by each "
                        + "endpoint in this slice.", NetworkingPrinters::slicePorts)
                .column("Endpoints", "string", "endpoints is a list of unique endpoints in this slice.",
                        NetworkingPrinters::sliceEndpoints)
                .age()
                .build();
    }

    private static IngressSpec spec(Ingress i) {
        return i.getSpec() == null ? new IngressSpec() : i.getSpec();
    }

    /** The first three hosts, then {@code + N more...}; {@code *} when no rule names one. */
    private static String hosts(Ingress i) {
        List<IngressRule> rules = orEmpty(spec(i).getRules());
        List<String> hosts = new ArrayList<>();
        for (IngressRule r : rules) {
            if (hosts.size() == 3) {
                return String.join(",", hosts) + " + " + (rules.size() - 3) + " more...";
            }
            if (r.getHost() != null && !r.getHost().isEmpty()) {
                hosts.add(r.getHost());
            }
        }
        return hosts.isEmpty() ? "*" : String.join(",", hosts);
    }

    private static String address(Ingress i) {
        TreeSet<String> addresses = new TreeSet<>();
        if (i.getStatus() != null && i.getStatus().getLoadBalancer() != null) {
            for (IngressLoadBalancerIngress lb : orEmpty(i.getStatus().getLoadBalancer().getIngress())) {
                if (lb.getIp() != null && !lb.getIp().isEmpty()) {
                    addresses.add(lb.getIp());
                } else if (lb.getHostname() != null && !lb.getHostname().isEmpty()) {
                    addresses.add(lb.getHostname());
                }
            }
        }
        return String.join(",", addresses);
    }

    /** {@code Kind.apiGroup/name}, or {@code <none>}. */
    private static String parameters(IngressClass c) {
        IngressClassParametersReference p = c.getSpec() == null ? null : c.getSpec().getParameters();
        if (p == null) {
            return CellText.NONE;
        }
        String group = p.getApiGroup() == null ? "" : "." + p.getApiGroup();
        return orEmpty(p.getKind()) + group + "/" + orEmpty(p.getName());
    }

    private static String slicePorts(EndpointSlice s) {
        List<String> ports = new ArrayList<>();
        for (EndpointPort p : orEmpty(s.getPorts())) {
            ports.add(p.getPort() != null ? p.getPort().toString()
                    : p.getName() != null ? p.getName() : "*");
        }
        return CellText.listWithMore(ports, 3);
    }

    private static String sliceEndpoints(EndpointSlice s) {
        List<String> addresses = new ArrayList<>();
        for (Endpoint e : orEmpty(s.getEndpoints())) {
            addresses.addAll(orEmpty(e.getAddresses()));
        }
        return CellText.listWithMore(addresses, 3);
    }
}
