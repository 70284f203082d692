package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.PodSandboxConfig.PortMapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sandbox of a pod: its host name ({@code spec.hostname} or the pod name, at most 63
 * characters), log directory {@code DATA_DIR/agent/pods/NS_NAME_UID}, DNS, host ports, labels (the
 * pod's and the kubelet's), annotations (the pod's: the sim runtime reads its exit-after there)
 * and cgroup parent by QoS class.
 */
final class SandboxConfigs {
    private SandboxConfigs() {}

    static PodSandboxConfig build(Pod pod, int attempt, Path podLogsRoot, PodDns dns) {
        List<PortMapping> ports = new ArrayList<>();
        for (Container c : PodSpecs.allContainers(pod)) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    ports.add(new PortMapping(p.getProtocol() == null ? "TCP" : p.getProtocol(),
                            p.getContainerPort(), p.getHostPort(),
                            p.getHostIP() == null ? "" : p.getHostIP()));
                }
            }
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? Map.of()
                : pod.getMetadata().getAnnotations();
        return new PodSandboxConfig(pod.getMetadata().getName(), pod.getMetadata().getNamespace(),
                pod.getMetadata().getUid(), attempt, hostname(pod), logDirectory(podLogsRoot, pod),
                dns.forPod(pod), ports, RuntimeLabels.sandboxLabels(pod), annotations,
                PodResources.cgroupParent(pod), PodSpecs.hostNetwork(pod));
    }

    static String hostname(Pod pod) {
        String name = pod.getSpec().getHostname();
        if (name == null || name.isEmpty()) {
            name = pod.getMetadata().getName();
        }
        if (name.length() > 63) {
            name = name.substring(0, 63).replaceAll("[-.]+$", "");
        }
        return name;
    }

    static Path logDirectory(Path podLogsRoot, Pod pod) {
        return podLogsRoot.resolve(pod.getMetadata().getNamespace() + "_"
                + pod.getMetadata().getName() + "_" + pod.getMetadata().getUid());
    }
}
