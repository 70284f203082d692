package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.volumes.PodVolumes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every pod worker shares: the client, runtime and volumes, the clock, the node's name and
 * address, the directories ({@code DATA_DIR/agent/kubelet/pods/UID} per pod,
 * {@code DATA_DIR/agent/pods} for logs), DNS, events, back-offs, the node's allocatable, and how
 * many times the pod CIDR was set (a sandbox back-off is per generation: a new CIDR ends it).
 */
record PodContext(
        KubernetesClient client,
        ContainerRuntime runtime,
        PodVolumes volumes,
        Clock clock,
        String nodeName,
        String nodeIp,
        Path podsDir,
        Path logsDir,
        PodDns dns,
        String clusterDomain,
        PodEvents events,
        EnvSources envSources,
        ServiceEnv serviceEnv,
        BackOff crashBackOff,
        BackOff imageBackOff,
        BackOff sandboxBackOff,
        Supplier<Map<String, Quantity>> nodeAllocatable,
        java.util.concurrent.atomic.AtomicInteger podCidrGeneration) {

    Path podDir(String uid) {
        return podsDir.resolve(uid);
    }
}
