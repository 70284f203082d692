package io.j8s.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;

/**
 * The records of one Service, as upstream's DNS specification lays them out: {@code A}/{@code AAAA}
 * of {@code svc.ns.svc.ZONE} (the cluster IPs, or every ready endpoint of a headless Service),
 * {@code hostname.svc.ns.svc.ZONE} per endpoint of a headless Service (the endpoint's hostname,
 * else its address with dashes), {@code SRV} of {@code _port._proto.svc.ns.svc.ZONE} per named
 * port, {@code PTR} of the cluster IPs and headless endpoints, and an ExternalName as a
 * {@code CNAME}.
 */
final class ServiceRecords {
    static final long TTL = 5;

    private ServiceRecords() {}

    /** The records of {@code service} with its {@code slices}; invalid names are left out. */
    static List<Record> of(Service service, List<EndpointSlice> slices, Name zone) {
        List<Record> out = new ArrayList<>();
        try {
            Name base = Name.fromString(service.getMetadata().getName() + "."
                    + service.getMetadata().getNamespace() + ".svc", zone);
            var spec = service.getSpec();
            if (spec == null) {
                return out;
            }
            if ("ExternalName".equals(spec.getType())) {
                if (spec.getExternalName() != null && !spec.getExternalName().isEmpty()) {
                    out.add(new CNAMERecord(base, DClass.IN, TTL,
                            Name.fromString(spec.getExternalName(), Name.root)));
                }
                return out;
            }
            List<String> clusterIps = spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()
                    ? spec.getClusterIPs()
                    : spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP());
            boolean headless = clusterIps.isEmpty() || "None".equals(clusterIps.getFirst());
            if (!headless) {
                for (String ip : clusterIps) {
                    InetAddress a = address(ip);
                    if (a != null) {
                        out.add(address(base, a));
                        out.add(new PTRRecord(ReverseMap.fromAddress(a), DClass.IN, TTL, base));
                    }
                }
                for (ServicePort p : spec.getPorts() == null ? List.<ServicePort>of() : spec.getPorts()) {
                    if (p.getName() != null && !p.getName().isEmpty() && p.getPort() != null) {
                        out.add(new SRVRecord(srvName(p.getName(), p.getProtocol(), base), DClass.IN,
                                TTL, 0, 100, p.getPort(), base));
                    }
                }
                return out;
            }
            Map<Name, InetAddress> endpoints = new LinkedHashMap<>();
            Map<String, Set<Integer>> ports = new LinkedHashMap<>();
            for (EndpointSlice slice : slices) {
                for (Endpoint ep : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                    if (ep.getConditions() != null && Boolean.FALSE.equals(ep.getConditions().getReady())) {
                        continue;
                    }
                    for (String ip : ep.getAddresses() == null ? List.<String>of() : ep.getAddresses()) {
                        InetAddress a = address(ip);
                        if (a == null) {
                            continue;
                        }
                        String label = ep.getHostname() != null && !ep.getHostname().isEmpty()
                                ? ep.getHostname() : ip.replace('.', '-').replace(':', '-');
                        endpoints.putIfAbsent(Name.concatenate(Name.fromString(label), base), a);
                    }
                }
                for (EndpointPort p : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
                    if (p.getName() != null && !p.getName().isEmpty() && p.getPort() != null) {
                        ports.computeIfAbsent(p.getName() + "/" + proto(p.getProtocol()),
                                k -> new LinkedHashSet<>()).add(p.getPort());
                    }
                }
            }
            Set<InetAddress> seen = new LinkedHashSet<>();
            for (Map.Entry<Name, InetAddress> e : endpoints.entrySet()) {
                if (seen.add(e.getValue())) {
                    out.add(address(base, e.getValue()));
                }
                out.add(address(e.getKey(), e.getValue()));
                out.add(new PTRRecord(ReverseMap.fromAddress(e.getValue()), DClass.IN, TTL, e.getKey()));
            }
            int weight = endpoints.isEmpty() ? 100 : Math.max(1, 100 / endpoints.size());
            for (Map.Entry<String, Set<Integer>> p : ports.entrySet()) {
                String[] nameProto = p.getKey().split("/", 2);
                Name srv = srvName(nameProto[0], nameProto[1], base);
                for (int port : p.getValue()) {
                    for (Name target : endpoints.keySet()) {
                        out.add(new SRVRecord(srv, DClass.IN, TTL, 0, weight, port, target));
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // a name that is no DNS name gets no records
        }
        return out;
    }

    private static Name srvName(String port, String protocol, Name base) throws java.io.IOException {
        return Name.concatenate(Name.fromString("_" + port + "._" + proto(protocol)), base);
    }

    private static String proto(String protocol) {
        return (protocol == null ? "TCP" : protocol).toLowerCase(Locale.ROOT);
    }

    static Record address(Name name, InetAddress a) {
        return a.getAddress().length == 4 ? new ARecord(name, DClass.IN, TTL, a)
                : new AAAARecord(name, DClass.IN, TTL, a);
    }

    /** The address of a literal IP, or null (never a name lookup). */
    static InetAddress address(String ip) {
        if (ip == null || ip.isEmpty() || !(ip.indexOf(':') >= 0 || ip.chars().allMatch(
                c -> c == '.' || (c >= '0' && c <= '9')))) {
            return null;
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
