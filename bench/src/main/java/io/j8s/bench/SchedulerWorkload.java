package io.j8s.bench;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.List;
import java.util.Locale;

/**
 * The workloads of {@code j8s bench scheduler}, in the shape of upstream's scheduler_perf
 * (test/integration/scheduler_perf/config): nodes of 4 CPUs, 32 GiB and 110 pods in ten zones;
 * pods asking for 100m CPU and 500 MiB. Preemption fills every node with four low-priority pods
 * of 900m (bound directly, as upstream's init pods end up), then sends as many high-priority
 * pods of 900m, each of which has to preempt one.
 */
enum SchedulerWorkload {
    SCHEDULING_BASIC("SchedulingBasic", 5000, 10000, 700),
    NODE_AFFINITY("NodeAffinity", 5000, 10000, 250),
    POD_ANTI_AFFINITY("PodAntiAffinity", 5000, 2000, 100),
    TOPOLOGY_SPREADING("TopologySpreading", 5000, 10000, 150),
    PREEMPTION("Preemption", 500, 2000, 300);

    static final String NAMESPACE = "sched-bench";
    static final String ZONE = "topology.kubernetes.io/zone";
    static final int ZONES = 10;
    static final String LOW = "bench-low";
    static final String HIGH = "bench-high";

    final String label;
    final int nodes;
    final int pods;
    final double target;

    SchedulerWorkload(String label, int nodes, int pods, double target) {
        this.label = label;
        this.nodes = nodes;
        this.pods = pods;
        this.target = target;
    }

    static SchedulerWorkload named(String name) {
        for (SchedulerWorkload w : values()) {
            if (w.label.equalsIgnoreCase(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload \"" + name + "\"; one of "
                + List.of(values()).stream().map(w -> w.label).toList());
    }

    /** The sizes of a --quick run: a tenth of the nodes and pods (at least 50 nodes). */
    int quickNodes() {
        return Math.max(50, nodes / 10);
    }

    int quickPods() {
        return Math.max(100, pods / 10);
    }

    static Node node(int i) {
        String name = String.format(Locale.ROOT, "node-%05d", i);
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name)
                .addToLabels(ZONE, "zone-" + (i % ZONES)).endMetadata()
                .withNewStatus().addToCapacity("cpu", new Quantity("4"))
                .addToCapacity("memory", new Quantity("32Gi"))
                .addToCapacity("pods", new Quantity("110"))
                .addToAllocatable("cpu", new Quantity("4"))
                .addToAllocatable("memory", new Quantity("32Gi"))
                .addToAllocatable("pods", new Quantity("110"))
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build();
    }

    /** The measured pod number {@code i}. */
    Pod pod(int i) {
        PodBuilder b = base("pod-" + i, this == PREEMPTION ? "900m" : "100m");
        switch (this) {
            case NODE_AFFINITY -> b.editSpec().withAffinity(new AffinityBuilder().withNewNodeAffinity()
                    .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                    .withMatchExpressions(new NodeSelectorRequirementBuilder().withKey(ZONE)
                            .withOperator("In").withValues("zone-0", "zone-1", "zone-2", "zone-3",
                                    "zone-4").build())
                    .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                    .endNodeAffinity().build()).endSpec();
            case POD_ANTI_AFFINITY -> b.editMetadata().addToLabels("color", "green").endMetadata()
                    .editSpec().withAffinity(new AffinityBuilder().withNewPodAntiAffinity()
                            .addToRequiredDuringSchedulingIgnoredDuringExecution(
                                    new PodAffinityTermBuilder().withTopologyKey("kubernetes.io/hostname")
                                            .withLabelSelector(new LabelSelectorBuilder()
                                                    .addToMatchLabels("color", "green").build())
                                            .build())
                            .endPodAntiAffinity().build()).endSpec();
            case TOPOLOGY_SPREADING -> b.editMetadata().addToLabels("app", "spread").endMetadata()
                    .editSpec().withTopologySpreadConstraints(new TopologySpreadConstraintBuilder()
                            .withMaxSkew(1).withTopologyKey(ZONE).withWhenUnsatisfiable("DoNotSchedule")
                            .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "spread")
                                    .build()).build()).endSpec();
            case PREEMPTION -> b.editSpec().withPriorityClassName(HIGH).endSpec();
            default -> { }
        }
        return b.build();
    }

    /** Pods bound before the measurement: Preemption's low-priority ones, four per node. */
    List<Pod> initPods(int nodeCount) {
        if (this != PREEMPTION) {
            return List.of();
        }
        return java.util.stream.IntStream.range(0, nodeCount * 4).mapToObj(i -> base("low-" + i, "900m")
                .editSpec().withPriorityClassName(LOW).withNodeName(node(i / 4).getMetadata().getName())
                .endSpec().build()).toList();
    }

    private static PodBuilder base(String name, String cpu) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(0L).addNewContainer().withName("pause")
                .withImage("registry.k8s.io/pause:3.10").withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("500Mi"))
                .endResources().endContainer().endSpec();
    }
}
