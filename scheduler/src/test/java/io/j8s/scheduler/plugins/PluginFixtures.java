package io.j8s.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.Listers;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Snapshot;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.framework.WaitingPod;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Nodes, pods, NodeInfos and a FrameworkHandle for calling plugins directly in tests. */
public final class PluginFixtures {
    private PluginFixtures() {}

    /** A node with allocatable cpu, memory and pods (each null to leave it out). */
    public static Node node(String name, String cpu, String memory, Integer pods) {
        Map<String, Quantity> alloc = new HashMap<>();
        if (cpu != null) {
            alloc.put("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            alloc.put("memory", new Quantity(memory));
        }
        if (pods != null) {
            alloc.put("pods", new Quantity(String.valueOf(pods)));
        }
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withAllocatable(alloc).withCapacity(alloc).endStatus().build();
    }

    public static Node node(String name) {
        return node(name, "4", "8Gi", 110);
    }

    /** A container asking for {@code requests} ("cpu" -> "500m", ...). */
    public static Container container(String name, Map<String, String> requests) {
        Map<String, Quantity> q = new HashMap<>();
        requests.forEach((k, v) -> q.put(k, new Quantity(v)));
        return new ContainerBuilder().withName(name).withImage("busybox")
                .withNewResources().withRequests(q.isEmpty() ? null : q).endResources().build();
    }

    /** A pod (uid set) with one container per request map. */
    @SafeVarargs
    public static Pod pod(String name, Map<String, String>... containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withUid(UUID.randomUUID().toString()).endMetadata().withNewSpec().endSpec();
        for (int i = 0; i < containers.length; i++) {
            b.editSpec().addToContainers(container("c" + i, containers[i])).endSpec();
        }
        if (containers.length == 0) {
            b.editSpec().addToContainers(container("c0", Map.of())).endSpec();
        }
        return b.build();
    }

    public static Pod pod(String name, String cpu, String memory) {
        Map<String, String> r = new HashMap<>();
        if (cpu != null) {
            r.put("cpu", cpu);
        }
        if (memory != null) {
            r.put("memory", memory);
        }
        return pod(name, r);
    }

    public static NodeInfo nodeInfo(Node node, Pod... pods) {
        NodeInfo info = new NodeInfo(node);
        for (Pod p : pods) {
            info.addPod(PodInfo.of(p));
        }
        return info;
    }

    /** A handle whose snapshot holds {@code nodes} and whose client is {@code client}. */
    public static FrameworkHandle handle(List<NodeInfo> nodes, KubernetesClient client) {
        Snapshot snapshot = new Snapshot() {
            @Override
            public List<NodeInfo> nodes() {
                return nodes;
            }

            @Override
            public NodeInfo get(String nodeName) {
                return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst().orElse(null);
            }

            @Override
            public List<NodeInfo> havePodsWithAffinity() {
                return nodes.stream().filter(n -> !n.podsWithAffinity().isEmpty()).toList();
            }

            @Override
            public List<NodeInfo> havePodsWithRequiredAntiAffinity() {
                return nodes.stream().filter(n -> !n.podsWithRequiredAntiAffinity().isEmpty()).toList();
            }
        };
        return new FrameworkHandle() {
            @Override
            public KubernetesClient client() {
                return client;
            }

            @Override
            public Snapshot snapshot() {
                return snapshot;
            }

            @Override
            public Listers listers() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public String schedulerName() {
                return "default-scheduler";
            }

            @Override
            public int parallelism() {
                return 1;
            }

            @Override
            public List<PodInfo> nominatedPods(String nodeName) {
                return List.of();
            }

            @Override
            public Status runFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo node) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Status runPreFilterExtensionAddPod(CycleState state, Pod podToSchedule, PodInfo podToAdd,
                    NodeInfo node) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Status runPreFilterExtensionRemovePod(CycleState state, Pod podToSchedule,
                    PodInfo podToRemove, NodeInfo node) {
                throw new UnsupportedOperationException();
            }

            @Override
            public WaitingPod waitingPod(String uid) {
                return null;
            }

            @Override
            public void event(Pod pod, String type, String reason, String message) {}
        };
    }

    public static FrameworkHandle handle(List<NodeInfo> nodes) {
        return handle(nodes, null);
    }
}
