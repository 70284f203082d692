package io.j8s.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.UUID;

/** Pods and nodes for the scheduler's unit tests. */
public final class TestPods {
    private TestPods() {}

    /** A pending pod of the default scheduler asking for {@code cpu}. */
    public static Pod pod(String name, String cpu) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName(name)
                .withUid(UUID.randomUUID().toString()).endMetadata().withNewSpec()
                .withSchedulerName("default-scheduler").addNewContainer().withName("c").withImage("i")
                .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu))).endResources()
                .endContainer().endSpec().build();
    }

    public static Pod on(Pod pod, String node) {
        return new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
    }

    public static Node node(String name, String cpu) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .withAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("8Gi"),
                        "pods", new Quantity("110"))).endStatus().build();
    }
}
