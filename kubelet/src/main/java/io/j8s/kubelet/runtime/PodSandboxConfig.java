package io.j8s.kubelet.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * CRI's PodSandboxConfig: which pod the sandbox is for ({@code attempt} counts sandboxes of the
 * same pod), its hostname, where its containers' logs go, its DNS and host ports, and the cgroup
 * parent of the pod ({@code kubepods/burstable/pod<uid>}, say).
 */
public record PodSandboxConfig(
        String name,
        String namespace,
        String uid,
        int attempt,
        String hostname,
        Path logDirectory,
        DnsConfig dns,
        List<PortMapping> portMappings,
        Map<String, String> labels,
        Map<String, String> annotations,
        String cgroupParent,
        boolean hostNetwork) {

    public PodSandboxConfig {
        portMappings = List.copyOf(portMappings);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** resolv.conf of the sandbox: nameservers, search domains, options ({@code ndots:5}). */
    public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
        public DnsConfig {
            servers = List.copyOf(servers);
            searches = List.copyOf(searches);
            options = List.copyOf(options);
        }
    }

    /** A hostPort: {@code protocol} is TCP, UDP or SCTP; {@code hostIp} empty for every address. */
    public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {}
}
