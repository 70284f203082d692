package io.j8s.kubelet.node;

import io.fabric8.kubernetes.api.model.AttachedVolume;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.j8s.api.J8sVersion;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.Image;
import io.j8s.kubelet.runtime.RuntimeCondition;
import io.j8s.kubelet.runtime.RuntimeVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Node's status as the kubelet reports it: capacity and allocatable (memory less upstream's
 * 100Mi hard eviction threshold, ephemeral storage less its 10%), addresses, nodeInfo, the kubelet
 * endpoint, the four conditions with upstream's reasons, and the images the runtime holds.
 */
final class NodeStatus {
    static final int MAX_IMAGES = 50;
    private static final long EVICTION_MEMORY = 100L * 1024 * 1024;

    private NodeStatus() {}

    static io.fabric8.kubernetes.api.model.NodeStatus build(NodeIdentity node, MachineInfo machine,
            ContainerRuntime runtime, List<NodeCondition> previous, Instant now) {
        io.fabric8.kubernetes.api.model.NodeStatus status =
                new io.fabric8.kubernetes.api.model.NodeStatus();
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(Integer.toString(machine.cpus())));
        capacity.put("ephemeral-storage", new Quantity(machine.ephemeralStorageBytes() / 1024 + "Ki"));
        capacity.put("hugepages-1Gi", new Quantity("0"));
        capacity.put("hugepages-2Mi", new Quantity("0"));
        capacity.put("memory", new Quantity(machine.memoryBytes() / 1024 + "Ki"));
        capacity.put("pods", new Quantity("110"));
        Map<String, Quantity> allocatable = new LinkedHashMap<>(capacity);
        allocatable.put("ephemeral-storage", new Quantity(
                Long.toString(machine.ephemeralStorageBytes() / 10 * 9)));
        allocatable.put("memory", new Quantity(
                Math.max(0, machine.memoryBytes() - EVICTION_MEMORY) / 1024 + "Ki"));
        status.setCapacity(capacity);
        status.setAllocatable(allocatable);
        status.setAddresses(List.of(new NodeAddress(node.address(), "InternalIP"),
                new NodeAddress(node.hostname(), "Hostname")));
        status.setDaemonEndpoints(new NodeDaemonEndpointsBuilder().withNewKubeletEndpoint()
                .withPort(node.kubeletPort()).endKubeletEndpoint().build());

        String runtimeVersion = "";
        String readyMessage;
        boolean ready;
        List<Image> images = List.of();
        try {
            RuntimeCondition condition = runtime.status();
            RuntimeVersion version = runtime.version();
            runtimeVersion = version.forNode();
            if (!condition.runtimeReady()) {
                ready = false;
                readyMessage = "container runtime is down" + suffix(condition.message());
            } else if (!condition.networkReady()) {
                ready = false;
                readyMessage = "container runtime network not ready: NetworkReady=false"
                        + suffix(condition.message());
            } else {
                ready = true;
                readyMessage = "kubelet is posting ready status";
                images = runtime.images();
            }
        } catch (RuntimeException e) {
            ready = false;
            readyMessage = "container runtime is down" + suffix(e.getMessage());
        }
        status.setNodeInfo(new NodeSystemInfoBuilder()
                .withMachineID(machine.machineId())
                .withSystemUUID(machine.systemUuid())
                .withBootID(machine.bootId())
                .withKernelVersion(machine.kernelVersion())
                .withOsImage(machine.osImage())
                .withContainerRuntimeVersion(runtimeVersion)
                .withKubeletVersion(kubeletVersion())
                .withKubeProxyVersion("")
                .withOperatingSystem(machine.operatingSystem())
                .withArchitecture(machine.architecture())
                .build());
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition(previous, "MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available", now));
        conditions.add(condition(previous, "DiskPressure", "False", "KubeletHasNoDiskPressure",
                "kubelet has no disk pressure", now));
        conditions.add(condition(previous, "PIDPressure", "False", "KubeletHasSufficientPID",
                "kubelet has sufficient PID available", now));
        conditions.add(condition(previous, "Ready", ready ? "True" : "False",
                ready ? "KubeletReady" : "KubeletNotReady", readyMessage, now));
        status.setConditions(conditions);
        status.setImages(images(images));
        status.setVolumesAttached(List.<AttachedVolume>of());
        status.setVolumesInUse(List.of());
        return status;
    }

    /** j8s's kubelet version in upstream's shape: the Kubernetes version it speaks. */
    static String kubeletVersion() {
        return J8sVersion.kubernetesVersion();
    }

    /** The status without its heartbeat times: what decides whether a change is worth a write. */
    static String fingerprint(io.fabric8.kubernetes.api.model.NodeStatus status) {
        StringBuilder s = new StringBuilder();
        s.append(status.getCapacity()).append(status.getAllocatable()).append(status.getAddresses())
                .append(status.getNodeInfo()).append(status.getDaemonEndpoints())
                .append(status.getImages());
        for (NodeCondition c : status.getConditions()) {
            s.append(c.getType()).append(c.getStatus()).append(c.getReason()).append(c.getMessage());
        }
        return s.toString();
    }

    private static NodeCondition condition(List<NodeCondition> previous, String type,
            String value, String reason, String message, Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String transition = time;
        for (NodeCondition p : previous) {
            if (p.getType().equals(type) && value.equals(p.getStatus())
                    && p.getLastTransitionTime() != null) {
                transition = p.getLastTransitionTime();
            }
        }
        NodeCondition c = new NodeCondition();
        c.setType(type);
        c.setStatus(value);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastHeartbeatTime(time);
        c.setLastTransitionTime(transition);
        return c;
    }

    private static List<ContainerImage> images(List<Image> images) {
        return images.stream()
                .sorted((a, b) -> Long.compare(b.size(), a.size()))
                .limit(MAX_IMAGES)
                .map(i -> {
                    List<String> names = new ArrayList<>(i.repoDigests());
                    names.addAll(i.repoTags());
                    return new ContainerImage(names.isEmpty() ? List.of(i.id()) : names, i.size());
                })
                .toList();
    }

    private static String suffix(String message) {
        return message == null || message.isBlank() ? "" : ": " + message;
    }
}
