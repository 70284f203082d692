package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The kubelet's admission check of host ports (upstream's NodePorts predicate): a new pod is
 * refused when it asks for a hostPort, protocol and host IP that a pod the node already runs
 * holds; {@code 0.0.0.0} (or none) overlaps every address.
 */
final class HostPorts {
    static final String REASON = "NodePorts";

    private record HostPort(String protocol, String ip, int port) {
        boolean overlaps(HostPort other) {
            return port == other.port && protocol.equals(other.protocol)
                    && (ip.equals("0.0.0.0") || other.ip.equals("0.0.0.0") || ip.equals(other.ip));
        }

        @Override
        public String toString() {
            return ip + ":" + port + "/" + protocol;
        }
    }

    private HostPorts() {}

    /** The ports of {@code pod} that one of {@code running} already holds, as the refusal says. */
    static Optional<String> conflict(Pod pod, Collection<Pod> running) {
        List<HostPort> wanted = of(pod);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        List<String> taken = new ArrayList<>();
        for (Pod other : running) {
            for (HostPort held : of(other)) {
                for (HostPort w : wanted) {
                    if (w.overlaps(held) && !taken.contains(w.toString())) {
                        taken.add(w.toString());
                    }
                }
            }
        }
        return taken.isEmpty() ? Optional.empty() : Optional.of("Predicate NodePorts failed:"
                + " node(s) didn't have free ports for the requested pod ports ("
                + String.join(", ", taken) + ")");
    }

    private static List<HostPort> of(Pod pod) {
        List<HostPort> out = new ArrayList<>();
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        for (Container c : all) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    String ip = p.getHostIP() == null || p.getHostIP().isEmpty() ? "0.0.0.0"
                            : p.getHostIP();
                    out.add(new HostPort(p.getProtocol() == null ? "TCP" : p.getProtocol(), ip,
                            p.getHostPort()));
                }
            }
        }
        return out;
    }
}
