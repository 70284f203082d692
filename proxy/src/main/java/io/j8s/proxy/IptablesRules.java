package io.j8s.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The iptables rules of one Service port, in kube-proxy's chain layout with j8s names: the shared
 * chains J8S-SERVICES and J8S-NODEPORTS (nat) and J8S-FILTER (filter) hold one line per port;
 * the port's own chains share the prefix {@code J8S-SVC-<12 characters of its hash>}: that chain
 * itself spreads over endpoints with {@code statistic}, {@code <prefix>-EXT} applies the external
 * traffic policy, {@code <prefix>-<7 characters>} (one per endpoint, kube-proxy's SEP chains)
 * does the DNAT and keeps affinity with {@code recent}. A shared prefix lets
 * {@link IptablesBatch} write a port's chains next to each other (see there why that matters).
 * Chains are named "TABLE CHAIN"; shared-chain lines are entries "TABLE CHAIN|rule".
 */
final class IptablesRules {
    static final String SERVICES = "J8S-SERVICES";
    static final String NODE_PORTS = "J8S-NODEPORTS";
    static final String FILTER = "J8S-FILTER";
    static final String MARK_MASQ = "J8S-MARK-MASQ";
    static final String POSTROUTING = "J8S-POSTROUTING";
    /** What the chains of one port start with, followed by 12 characters of its hash. */
    static final String PORT_PREFIX = "J8S-SVC-";
    /** The length of the name every chain of one port starts with. */
    static final int GROUP_LENGTH = PORT_PREFIX.length() + 12;

    private IptablesRules() {}

    /** The fixed chains: name ("TABLE CHAIN") to rules, the shared ones with their last lines. */
    static Map<String, List<String>> fixed(Network net) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        chains.put("nat " + SERVICES, List.of("-m addrtype --dst-type LOCAL -j " + NODE_PORTS));
        chains.put("nat " + NODE_PORTS, List.of());
        chains.put("nat " + MARK_MASQ, List.of("-j MARK --or-mark " + Network.MASQ_MARK));
        chains.put("nat " + POSTROUTING, List.of(
                "-m mark ! --mark " + Network.MASQ_MARK + "/" + Network.MASQ_MARK + " -j RETURN",
                "-j MARK --xor-mark " + Network.MASQ_MARK,
                "-j MASQUERADE --random-fully"));
        chains.put("filter " + FILTER, net.serviceCidr() == null ? List.of() : List.of(
                "-d " + net.serviceCidr() + " -j REJECT --reject-with icmp-host-unreachable"));
        return chains;
    }

    /** The jumps from the built-in chains: table, built-in chain, rule spec. */
    static List<String[]> jumps() {
        String c = "-m comment --comment j8s-service-proxy";
        return List.of(
                new String[] {"nat", "PREROUTING", c + " -j " + SERVICES},
                new String[] {"nat", "OUTPUT", c + " -j " + SERVICES},
                new String[] {"nat", "POSTROUTING", c + " -j " + POSTROUTING},
                new String[] {"filter", "INPUT", c + " -m conntrack --ctstate NEW -j " + FILTER},
                new String[] {"filter", "FORWARD", c + " -m conntrack --ctstate NEW -j " + FILTER},
                new String[] {"filter", "OUTPUT", c + " -m conntrack --ctstate NEW -j " + FILTER});
    }

    static Fragment fragment(ServicePort sp, Network net) {
        String svc = group(sp);
        String ext = svc + "-EXT";
        String p = "-p " + sp.protocol() + " -m " + sp.protocol();
        String comment = "-m comment --comment \"" + sp.readable() + "\" ";
        Map<String, List<String>> chains = new LinkedHashMap<>();
        Map<String, String> entries = new LinkedHashMap<>();
        List<ServicePort.Endpoint> cluster = sp.clusterEndpoints();
        List<ServicePort.Endpoint> all = sp.allEndpoints();
        if (sp.clusterIp() != null) {
            String match = "-d " + sp.clusterIp() + "/32 " + p + " --dport " + sp.port();
            if (cluster.isEmpty()) {
                entries.put("filter " + FILTER + "|" + comment + match
                        + " -j REJECT --reject-with icmp-port-unreachable", "");
            } else {
                List<String> rules = new ArrayList<>();
                if (net.clusterCidr() != null) {
                    rules.add("! -s " + net.clusterCidr() + " " + match + " -j " + MARK_MASQ);
                }
                rules.addAll(spread(sp, cluster, chains));
                chains.put("nat " + svc, rules);
                entries.put("nat " + SERVICES + "|" + comment + match + " -j " + svc, "");
            }
        }
        if (sp.nodePort() > 0 || !sp.externalIps().isEmpty()) {
            List<String> external = new ArrayList<>();
            for (String ip : sp.externalIps()) {
                external.add("-d " + ip + "/32 " + p + " --dport " + sp.port());
            }
            if (all.isEmpty()) {
                external.forEach(m -> entries.put("filter " + FILTER + "|" + comment + m
                        + " -j REJECT --reject-with icmp-port-unreachable", ""));
                if (sp.nodePort() > 0) {
                    entries.put("filter " + FILTER + "|" + comment
                            + "-m addrtype --dst-type LOCAL " + p + " --dport " + sp.nodePort()
                            + " -j REJECT --reject-with icmp-port-unreachable", "");
                }
            } else {
                List<String> rules = new ArrayList<>();
                if (!sp.externalLocal()) {
                    rules.add("-j " + MARK_MASQ);
                    rules.addAll(spread(sp, all, chains));
                } else {
                    boolean toCluster = sp.clusterIp() != null && !cluster.isEmpty();
                    if (toCluster && net.clusterCidr() != null) {
                        rules.add("-s " + net.clusterCidr() + " -j " + svc);
                    }
                    if (toCluster) {
                        rules.add("-m addrtype --src-type LOCAL -j " + MARK_MASQ);
                        rules.add("-m addrtype --src-type LOCAL -j " + svc);
                    }
                    List<ServicePort.Endpoint> local = sp.localEndpoints();
                    if (local.isEmpty()) {
                        // nat may not drop: what is left is dropped in J8S-FILTER
                        external.forEach(m -> entries.put("filter " + FILTER + "|" + comment + m
                                + " -j DROP", ""));
                        if (sp.nodePort() > 0) {
                            entries.put("filter " + FILTER + "|" + comment
                                    + "-m addrtype --dst-type LOCAL " + p + " --dport "
                                    + sp.nodePort() + " -j DROP", "");
                        }
                    } else {
                        rules.addAll(spread(sp, local, chains));
                    }
                }
                chains.put("nat " + ext, rules);
                external.forEach(m -> entries.put("nat " + SERVICES + "|" + comment + m + " -j "
                        + ext, ""));
                if (sp.nodePort() > 0) {
                    entries.put("nat " + NODE_PORTS + "|" + comment + p + " --dport "
                            + sp.nodePort() + " -j " + ext, "");
                }
            }
        }
        return new Fragment(sp.key(), chains, Map.of(), entries);
    }

    /** {@code J8S-SVC-} and 12 characters of the port's hash: its ClusterIP chain, and the prefix of its others. */
    private static String group(ServicePort sp) {
        return PORT_PREFIX + Network.hash(sp.key()).substring(0, 12);
    }

    private static List<String> spread(ServicePort sp, List<ServicePort.Endpoint> endpoints,
            Map<String, List<String>> chains) {
        List<String> rules = new ArrayList<>();
        List<String> seps = new ArrayList<>();
        for (ServicePort.Endpoint e : endpoints) {
            String sep = group(sp) + "-" + Network.hash(sp.key() + "|" + e.address()).substring(0, 7);
            seps.add(sep);
            String recent = "-m recent --name " + sep + " --mask 255.255.255.255 --rsource ";
            if (sp.affinitySeconds() > 0) {
                rules.add(recent + "--rcheck --seconds " + sp.affinitySeconds() + " --reap -j "
                        + sep);
            }
            List<String> ep = new ArrayList<>();
            ep.add("-s " + e.ip() + "/32 -j " + MARK_MASQ);
            ep.add("-p " + sp.protocol() + " " + (sp.affinitySeconds() > 0 ? recent + "--set " : "")
                    + "-m " + sp.protocol() + " -j DNAT --to-destination " + e.address());
            chains.put("nat " + sep, ep);
        }
        for (int i = 0; i < seps.size(); i++) {
            int left = seps.size() - i;
            rules.add(left == 1 ? "-j " + seps.get(i)
                    : String.format(Locale.ROOT, "-m statistic --mode random --probability %.10f -j %s",
                            1.0 / left, seps.get(i)));
        }
        return rules;
    }
}
