package io.j8s.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.j8s.controllers.replicaset.PodStates;
import java.util.Map;
import java.util.OptionalInt;

/** What a pod contributes to its services' endpoints, as upstream's pod and endpoint utilities. */
public final class PodEndpoints {
    private PodEndpoints() {}

    /** Upstream's ShouldPodBeInEndpoints: not terminal, has an IP, not deleting unless tolerated. */
    static boolean shouldBeInEndpoints(Pod pod, boolean includeTerminating) {
        String phase = pod.getStatus() == null ? "" : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return false;
        }
        if (ip(pod).isEmpty()) {
            return false;
        }
        return includeTerminating || pod.getMetadata().getDeletionTimestamp() == null;
    }

    public static String ip(Pod pod) {
        if (pod.getStatus() == null) {
            return "";
        }
        String ip = pod.getStatus().getPodIP();
        if ((ip == null || ip.isEmpty()) && pod.getStatus().getPodIPs() != null
                && !pod.getStatus().getPodIPs().isEmpty()) {
            ip = pod.getStatus().getPodIPs().getFirst().getIp();
        }
        return ip == null ? "" : ip;
    }
    /**
     * The pod's port for a service port (upstream's FindPort): a number as it is, a name looked up
     * among the containers' ports of the same protocol; empty when the pod has no such port.
     */
    static OptionalInt targetPort(Pod pod, ServicePort port) {
        IntOrString target = port.getTargetPort();
        if (target == null || target.getIntVal() == null && target.getStrVal() == null) {
            return OptionalInt.of(port.getPort());
        }
        if (target.getIntVal() != null) {
            return OptionalInt.of(target.getIntVal());
        }
        String name = target.getStrVal();
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
            return OptionalInt.of(Integer.parseInt(name));
        }
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        if (pod.getSpec() == null) {
            return OptionalInt.empty();
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                String pp = p.getProtocol() == null ? "TCP" : p.getProtocol();
                if (name.equals(p.getName()) && protocol.equals(pp)) {
                    return OptionalInt.of(p.getContainerPort());
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Whether {@code selector} (a service's) selects these labels. */
    public static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        if (selector == null || selector.isEmpty()) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(l.get(e.getKey())));
    }
}
