package io.j8s.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The nftables rules of one Service port, kube-proxy's nftables design in a table of our own
 * ({@code ip j8s-proxy}): verdict maps keyed by {@code address . protocol . port} (and
 * {@code protocol . port} for NodePorts) send a packet on, so the number of rules a packet passes
 * does not grow with the number of Services. Most ports are map elements only: shared chains
 * DNAT with {@code numgen random} through maps of their endpoints; ports with affinity, the Local
 * external policy or many endpoints have chains of their own.
 */
final class NftRules {
    static final String TABLE = "j8s-proxy";
    static final String SERVICE_IPS = "service-ips";
    static final String NODE_PORTS = "service-nodeports";
    static final String NO_ENDPOINT_SERVICES = "no-endpoint-services";
    static final String NO_ENDPOINT_NODE_PORTS = "no-endpoint-nodeports";
    static final String SERVICE_ENDPOINTS = "service-endpoints";
    static final String NODE_PORT_ENDPOINTS = "nodeport-endpoints";
    /**
     * One element per endpoint address of a shared-chain port (several ports may add the same
     * one): after DNAT, in postrouting, a connection whose source is its destination (a pod that
     * reached itself through its Service) is masqueraded. nft 1.0 cannot compare two fields of a
     * packet, so the set spells out the pairs, each as the 64 bits of the IPv4 header that hold
     * source and destination ({@code @nh,96,64}, see {@link #hairpinElement}): one integer loads
     * in half the time of {@code IP . IP}, and one element per address rather than per endpoint
     * and port keeps the table quick to load.
     */
    static final String HAIRPIN = "hairpin";
    /**
     * Up to this many endpoints a port needs no chain of its own: its endpoints are elements of
     * {@link #SERVICE_ENDPOINTS} (or {@link #NODE_PORT_ENDPOINTS}) and its map element jumps to
     * the shared chain that picks one of that many ({@code cluster-N}, {@code external-N},
     * {@code nodeport-N}).
     */
    static final int SHARED_SPREAD = 16;

    private NftRules() {}

    /**
     * The table's fixed part: hooks, maps and helper chains, in {@code nft -f} syntax.
     * {@code elements} tells how many elements a shared map or set gets: each is declared with
     * room for twice that (at least 1,024), a size that lets the kernel take a hash table of
     * fixed buckets rather than one it rehashes as it grows (a third of the load time of
     * 100,000 elements); a change that overflows it fails and the full sync after it makes room.
     */
    static String skeleton(Network net, ToIntFunction<String> elements) {
        String unassigned = net.serviceCidr() == null ? ""
                : "\t\tip daddr " + net.serviceCidr() + " reject with icmp type host-unreachable\n";
        Function<String, String> size = name -> " size "
                + Math.max(1024, Integer.highestOneBit(Math.max(1, elements.applyAsInt(name))) * 4)
                + ";";
        return "table ip " + TABLE + " {\n"
                + "\tcomment \"rules of the j8s service proxy\"\n"
                + "\tmap " + SERVICE_IPS + " { type ipv4_addr . inet_proto . inet_service : verdict;"
                + size.apply(SERVICE_IPS) + " }\n"
                + "\tmap " + NODE_PORTS + " { type inet_proto . inet_service : verdict;"
                + size.apply(NODE_PORTS) + " }\n"
                + "\tmap " + NO_ENDPOINT_SERVICES + " { type ipv4_addr . inet_proto . inet_service"
                + " : verdict;" + size.apply(NO_ENDPOINT_SERVICES) + " }\n"
                + "\tmap " + NO_ENDPOINT_NODE_PORTS + " { type inet_proto . inet_service : verdict;"
                + size.apply(NO_ENDPOINT_NODE_PORTS) + " }\n"
                + "\tmap " + SERVICE_ENDPOINTS + " { typeof ip daddr . meta l4proto . th dport"
                + " . numgen random mod 1 : ip daddr . th dport;" + size.apply(SERVICE_ENDPOINTS)
                + " }\n"
                + "\tmap " + NODE_PORT_ENDPOINTS + " { typeof meta l4proto . th dport"
                + " . numgen random mod 1 : ip daddr . th dport;" + size.apply(NODE_PORT_ENDPOINTS)
                + " }\n"
                + "\tset " + HAIRPIN + " { typeof @nh,96,64;" + size.apply(HAIRPIN) + " }\n"
                + sharedSpreads(net)
                + "\tchain mark-for-masquerade {\n\t\tmeta mark set meta mark | " + Network.MASQ_MARK + "\n\t}\n"
                + "\tchain masquerading {\n"
                + "\t\tmeta mark & " + Network.MASQ_MARK + " == 0 return\n"
                + "\t\tmeta mark set meta mark ^ " + Network.MASQ_MARK + "\n"
                + "\t\tmasquerade fully-random\n\t}\n"
                + "\tchain services {\n"
                + "\t\tip daddr . meta l4proto . th dport vmap @" + SERVICE_IPS + "\n"
                + "\t\tfib daddr type local meta l4proto . th dport vmap @" + NODE_PORTS + "\n\t}\n"
                + "\tchain reject-chain {\n\t\treject\n\t}\n"
                + "\tchain filter-services {\n"
                + "\t\tip daddr . meta l4proto . th dport vmap @" + NO_ENDPOINT_SERVICES + "\n"
                + unassigned + "\t}\n"
                + "\tchain filter-nodeports {\n"
                + "\t\tfib daddr type local meta l4proto . th dport vmap @" + NO_ENDPOINT_NODE_PORTS + "\n\t}\n"
                + "\tchain nat-prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\t\tjump services\n\t}\n"
                + "\tchain nat-output {\n\t\ttype nat hook output priority -100; policy accept;\n\t\tjump services\n\t}\n"
                + "\tchain nat-postrouting {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
                + "\t\tct status dnat @nh,96,64 @" + HAIRPIN + " jump mark-for-masquerade\n"
                + "\t\tjump masquerading\n\t}\n"
                + "\tchain filter-prerouting {\n\t\ttype filter hook prerouting priority dstnat + 10; policy accept;\n\t\tct state new jump filter-services\n\t}\n"
                + "\tchain filter-output {\n\t\ttype filter hook output priority -90; policy accept;\n\t\tct state new jump filter-services\n\t}\n"
                + "\tchain filter-input {\n\t\ttype filter hook input priority -110; policy accept;\n\t\tct state new jump filter-nodeports\n\t}\n"
                + "}\n";
    }

    /**
     * The chains that pick one of N endpoints from the endpoint maps, keyed by the packet's
     * address, protocol, port and a random index below N: {@code cluster-N} for ClusterIPs (with
     * the masquerade of sources outside the pod range; an endpoint reaching itself is
     * masqueraded in postrouting through {@link #HAIRPIN}),
     * {@code external-N} and {@code nodeport-N} for external, load-balancer IPs and NodePorts
     * with the Cluster policy (always masqueraded).
     */
    private static String sharedSpreads(Network net) {
        StringBuilder b = new StringBuilder(SHARED_SPREAD * 600);
        String dnat = "\t\tmeta l4proto { tcp, udp, sctp } dnat to ";
        for (int n = 1; n <= SHARED_SPREAD; n++) {
            String pick = "numgen random mod " + n;
            b.append("\tchain cluster-").append(n).append(" {\n");
            if (net.clusterCidr() != null) {
                b.append("\t\tip saddr != ").append(net.clusterCidr())
                        .append(" jump mark-for-masquerade\n");
            }
            b.append(dnat).append("ip daddr . meta l4proto . th dport . ").append(pick)
                    .append(" map @").append(SERVICE_ENDPOINTS).append("\n\t}\n");
            b.append("\tchain external-").append(n).append(" {\n\t\tjump mark-for-masquerade\n")
                    .append(dnat).append("ip daddr . meta l4proto . th dport . ").append(pick)
                    .append(" map @").append(SERVICE_ENDPOINTS).append("\n\t}\n");
            b.append("\tchain nodeport-").append(n).append(" {\n\t\tjump mark-for-masquerade\n")
                    .append(dnat).append("meta l4proto . th dport . ").append(pick)
                    .append(" map @").append(NODE_PORT_ENDPOINTS).append("\n\t}\n");
        }
        return b.toString();
    }

    /**
     * The fragment of a port without a chain of its own: map elements only. Its ClusterIP jumps
     * to {@code cluster-N} with its N endpoints as elements {@code IP . proto . port . i :
     * endpoint}; every external IP likewise to {@code external-M}, its NodePort to
     * {@code nodeport-M}; each ClusterIP endpoint is in {@link #HAIRPIN}.
     */
    private static Fragment sharedFragment(ServicePort sp, List<ServicePort.Endpoint> cluster,
            List<ServicePort.Endpoint> all) {
        Map<String, String> entries = new LinkedHashMap<>();
        String protoPort = " . " + sp.protocol() + " . " + sp.port();
        if (sp.clusterIp() != null) {
            String key = sp.clusterIp() + protoPort;
            if (cluster.isEmpty()) {
                entries.put(NO_ENDPOINT_SERVICES + "|" + key, "goto reject-chain");
            } else {
                entries.put(SERVICE_IPS + "|" + key, "goto cluster-" + cluster.size());
                endpoints(entries, SERVICE_ENDPOINTS + "|" + key, cluster);
                for (ServicePort.Endpoint e : cluster) {
                    entries.put(HAIRPIN + "|" + hairpinElement(e.ip()), "");
                }
            }
        }
        for (String ip : sp.externalIps()) {
            String key = ip + protoPort;
            if (all.isEmpty()) {
                entries.put(NO_ENDPOINT_SERVICES + "|" + key, "goto reject-chain");
            } else {
                entries.put(SERVICE_IPS + "|" + key, "goto external-" + all.size());
                endpoints(entries, SERVICE_ENDPOINTS + "|" + key, all);
            }
        }
        if (sp.nodePort() > 0) {
            String key = sp.protocol() + " . " + sp.nodePort();
            if (all.isEmpty()) {
                entries.put(NO_ENDPOINT_NODE_PORTS + "|" + key, "goto reject-chain");
            } else {
                entries.put(NODE_PORTS + "|" + key, "goto nodeport-" + all.size());
                endpoints(entries, NODE_PORT_ENDPOINTS + "|" + key, all);
            }
        }
        return new Fragment(sp.key(), Map.of(), Map.of(), entries);
    }

    /**
     * The {@link #HAIRPIN} element of {@code ip} as source and destination: the 64 bits
     * {@code ip ip}, in hex ({@code 10.42.0.5} is {@code 0x0a2a00050a2a0005}).
     */
    static String hairpinElement(String ip) {
        long bits = 0;
        for (String part : ip.split("\\.")) {
            bits = bits << 8 | Integer.parseInt(part);
        }
        String hex = Long.toHexString(1L << 32 | bits).substring(1);
        return "0x" + hex + hex;
    }

    private static void endpoints(Map<String, String> entries, String key,
            List<ServicePort.Endpoint> endpoints) {
        for (int i = 0; i < endpoints.size(); i++) {
            ServicePort.Endpoint e = endpoints.get(i);
            entries.put(key + " . " + i, e.ip() + " . " + e.port());
        }
    }

    /**
     * The rules of {@code sp}: map elements only (see {@link #sharedFragment}) when it has no
     * affinity, not the Local external policy and few enough endpoints for the shared chains;
     * else chains of its own.
     */
    static Fragment fragment(ServicePort sp, Network net) {
        List<ServicePort.Endpoint> cluster = sp.clusterEndpoints();
        List<ServicePort.Endpoint> all = sp.allEndpoints();
        if (sp.affinitySeconds() == 0 && !sp.externalLocal() && all.size() <= SHARED_SPREAD
                && cluster.size() <= SHARED_SPREAD) {
            return sharedFragment(sp, cluster, all);
        }
        String id = Network.hash(sp.key());
        String svc = "svc-" + id + "-" + sp.readable();
        String ext = "ext-" + id + "-" + sp.readable();
        Map<String, List<String>> chains = new LinkedHashMap<>();
        Map<String, String> sets = new LinkedHashMap<>();
        Map<String, String> entries = new LinkedHashMap<>();
        if (sp.clusterIp() != null) {
            List<String> rules = new ArrayList<>();
            if (net.clusterCidr() != null) {
                rules.add("ip daddr " + sp.clusterIp() + " ip saddr != " + net.clusterCidr()
                        + " jump mark-for-masquerade");
            }
            rules.addAll(spread(sp, cluster, chains, sets));
            chains.put(svc, rules);
            String key = sp.clusterIp() + " . " + sp.protocol() + " . " + sp.port();
            if (cluster.isEmpty()) {
                entries.put(NO_ENDPOINT_SERVICES + "|" + key, "goto reject-chain");
            } else {
                entries.put(SERVICE_IPS + "|" + key, "goto " + svc);
            }
        }
        if (sp.nodePort() > 0 || !sp.externalIps().isEmpty()) {
            List<String> rules = new ArrayList<>();
            if (!sp.externalLocal()) {
                rules.add("jump mark-for-masquerade");
                rules.addAll(spread(sp, all, chains, sets));
            } else {
                if (sp.clusterIp() != null) {
                    if (net.clusterCidr() != null) {
                        rules.add("ip saddr " + net.clusterCidr() + " goto " + svc);
                    }
                    rules.add("fib saddr type local jump mark-for-masquerade");
                    rules.add("fib saddr type local goto " + svc);
                }
                List<ServicePort.Endpoint> local = sp.localEndpoints();
                rules.addAll(local.isEmpty() ? List.of("drop") : spread(sp, local, chains, sets));
            }
            chains.put(ext, rules);
            for (String ip : sp.externalIps()) {
                String key = ip + " . " + sp.protocol() + " . " + sp.port();
                entries.put((all.isEmpty() ? NO_ENDPOINT_SERVICES : SERVICE_IPS) + "|" + key,
                        all.isEmpty() ? "goto reject-chain" : "goto " + ext);
            }
            if (sp.nodePort() > 0) {
                String key = sp.protocol() + " . " + sp.nodePort();
                entries.put((all.isEmpty() ? NO_ENDPOINT_NODE_PORTS : NODE_PORTS) + "|" + key,
                        all.isEmpty() ? "goto reject-chain" : "goto " + ext);
            }
        }
        return new Fragment(sp.key(), chains, sets, entries);
    }

    /**
     * Rules that pick one of {@code endpoints}. Without affinity: the masquerade of an endpoint
     * reaching itself, then one DNAT per endpoint, the i-th taken with probability 1/(n-i) as
     * iptables' statistic chain does (even spread); with affinity a chain per endpoint keeps its
     * clients in a dynamic set.
     */
    private static List<String> spread(ServicePort sp, List<ServicePort.Endpoint> endpoints,
            Map<String, List<String>> chains, Map<String, String> sets) {
        List<String> rules = new ArrayList<>();
        if (endpoints.isEmpty()) {
            return rules;
        }
        if (sp.affinitySeconds() == 0) {
            // plain rules, no anonymous sets or maps: nft names each anonymous set by scanning the
            // ones it has, which makes thousands of them slow to load
            for (ServicePort.Endpoint e : endpoints) {
                rules.add("ip saddr " + e.ip() + " jump mark-for-masquerade");
            }
            for (int i = 0; i < endpoints.size(); i++) {
                int left = endpoints.size() - i;
                rules.add((left > 1 ? "numgen random mod " + left + " 0 " : "") + "meta l4proto "
                        + sp.protocol() + " dnat to " + endpoints.get(i).address());
            }
            return rules;
        }
        List<String> targets = new ArrayList<>();
        for (ServicePort.Endpoint e : endpoints) {
            String eid = Network.hash(sp.key() + "|" + e.address());
            String chain = "ep-" + eid + "-" + sp.readable() + "__" + e.ip() + "/" + e.port();
            String affinity = "aff-" + eid;
            targets.add(chain);
            if (sp.affinitySeconds() > 0) {
                rules.add("ip saddr @" + affinity + " goto " + chain);
                sets.put(affinity, "{ type ipv4_addr; flags dynamic,timeout; timeout "
                        + sp.affinitySeconds() + "s; }");
            }
            List<String> ep = new ArrayList<>();
            ep.add("ip saddr " + e.ip() + " jump mark-for-masquerade");
            if (sp.affinitySeconds() > 0) {
                ep.add("update @" + affinity + " { ip saddr }");
            }
            ep.add("meta l4proto " + sp.protocol() + " dnat to " + e.address());
            chains.put(chain, ep);
        }
        if (targets.size() == 1) {
            rules.add("goto " + targets.get(0));
        } else {
            StringBuilder vmap = new StringBuilder("numgen random mod " + targets.size() + " vmap { ");
            for (int i = 0; i < targets.size(); i++) {
                vmap.append(i == 0 ? "" : ", ").append(i).append(" : goto ").append(targets.get(i));
            }
            rules.add(vmap.append(" }").toString());
        }
        return rules;
    }
}
