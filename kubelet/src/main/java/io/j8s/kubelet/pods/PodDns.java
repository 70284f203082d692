package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.j8s.kubelet.runtime.PodSandboxConfig.DnsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A pod's resolv.conf as upstream's dns configurer makes it from {@code dnsPolicy}: ClusterFirst
 * (and ClusterFirstWithHostNet) the cluster DNS with the namespace's search domains before the
 * host's and {@code ndots:5}; Default the host's resolv.conf; None nothing; then
 * {@code dnsConfig} merged in (servers and searches appended without duplicates, options by name).
 * A host-network pod with ClusterFirst gets Default, as upstream.
 */
final class PodDns {
    static final int MAX_SERVERS = 3;
    static final int MAX_SEARCHES = 32;

    private final String clusterDns;
    private final String clusterDomain;
    private final Path hostResolvConf;

    PodDns(String clusterDns, String clusterDomain, Path hostResolvConf) {
        this.clusterDns = clusterDns;
        this.clusterDomain = clusterDomain;
        this.hostResolvConf = hostResolvConf;
    }

    DnsConfig forPod(Pod pod) {
        String policy = pod.getSpec().getDnsPolicy();
        if (policy == null || policy.isEmpty()) {
            policy = "ClusterFirst";
        }
        if (policy.equals("ClusterFirst") && PodSpecs.hostNetwork(pod)) {
            policy = "Default";
        }
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        DnsConfig host = host();
        switch (policy) {
            case "ClusterFirst", "ClusterFirstWithHostNet" -> {
                servers.add(clusterDns);
                String ns = pod.getMetadata().getNamespace();
                searches.add(ns + ".svc." + clusterDomain);
                searches.add("svc." + clusterDomain);
                searches.add(clusterDomain);
                searches.addAll(host.searches());
                options.put("ndots", "5");
            }
            case "None" -> { }
            default -> {
                servers.addAll(host.servers());
                searches.addAll(host.searches());
                host.options().forEach(o -> putOption(options, o));
            }
        }
        PodDNSConfig extra = pod.getSpec().getDnsConfig();
        if (extra != null) {
            if (extra.getNameservers() != null) {
                servers.addAll(extra.getNameservers());
            }
            if (extra.getSearches() != null) {
                searches.addAll(extra.getSearches());
            }
            if (extra.getOptions() != null) {
                for (PodDNSConfigOption o : extra.getOptions()) {
                    options.put(o.getName(), o.getValue());
                }
            }
        }
        List<String> opts = new ArrayList<>();
        options.forEach((k, v) -> opts.add(v == null ? k : k + ":" + v));
        return new DnsConfig(distinct(servers, MAX_SERVERS), distinct(searches, MAX_SEARCHES),
                opts);
    }

    private static List<String> distinct(List<String> values, int max) {
        return new LinkedHashSet<>(values).stream().limit(max).toList();
    }

    private static void putOption(Map<String, String> options, String option) {
        int colon = option.indexOf(':');
        if (colon < 0) {
            options.put(option, null);
        } else {
            options.put(option.substring(0, colon), option.substring(colon + 1));
        }
    }

    /** The host's resolv.conf: nameserver, search (or domain) and options lines. */
    DnsConfig host() {
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        try {
            for (String raw : Files.readAllLines(hostResolvConf)) {
                String line = raw.strip();
                if (line.startsWith("#") || line.startsWith(";") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\\s+");
                switch (f[0]) {
                    case "nameserver" -> {
                        if (f.length > 1) {
                            servers.add(f[1]);
                        }
                    }
                    case "search", "domain" -> {
                        searches.clear();
                        searches.addAll(List.of(f).subList(1, f.length));
                    }
                    case "options" -> options.addAll(List.of(f).subList(1, f.length));
                    default -> { }
                }
            }
        } catch (IOException e) {
            // no host resolv.conf: nothing to inherit
        }
        return new DnsConfig(servers, searches.stream().filter(s -> !s.equals(".")).toList(),
                options);
    }
}
