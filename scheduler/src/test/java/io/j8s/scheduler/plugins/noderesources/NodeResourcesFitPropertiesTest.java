package io.j8s.scheduler.plugins.noderesources;

import static io.j8s.scheduler.plugins.PluginFixtures.node;
import static io.j8s.scheduler.plugins.PluginFixtures.nodeInfo;
import static io.j8s.scheduler.plugins.PluginFixtures.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Resources;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * NodeResourcesFit's invariants: what Filter lets on a node never over-commits it; scores stay
 * within 0..100 under every strategy; LeastAllocated never prefers the busier of two equal nodes.
 */
class NodeResourcesFitPropertiesTest {
    private static final List<NodeResourcesFit> STRATEGIES = List.of(
            new NodeResourcesFit(null, null),
            new NodeResourcesFit(NodeResourcesFitTest.json("{\"scoringStrategy\":{\"type\":\"MostAllocated\"}}"), null),
            new NodeResourcesFit(NodeResourcesFitTest.json("{\"scoringStrategy\":{\"type\":\"RequestedToCapacityRatio\","
                    + "\"requestedToCapacityRatio\":{\"shape\":[{\"utilization\":0,\"score\":10},"
                    + "{\"utilization\":60,\"score\":3},{\"utilization\":100,\"score\":8}]}}}"), null));

    /** A pod asking for cpu millicores and memory MiB (0 = not asking). */
    record Ask(int milliCpu, int memoryMi) {
        Pod pod(String name) {
            return pod(name, milliCpu == 0 ? null : milliCpu + "m", memoryMi == 0 ? null : memoryMi + "Mi");
        }

        private static Pod pod(String name, String cpu, String memory) {
            return io.j8s.scheduler.plugins.PluginFixtures.pod(name, cpu, memory);
        }
    }

    @Provide
    Arbitrary<Ask> asks() {
        return Combinators.combine(Arbitraries.integers().between(0, 4000), Arbitraries.integers().between(0, 4096))
                .as(Ask::new);
    }

    @Provide
    Arbitrary<List<Ask>> placed() {
        return asks().list().ofMaxSize(12);
    }

    /** Places {@code asks} one by one where Filter allows, as the scheduler would. */
    static NodeInfo fill(NodeInfo node, List<Ask> asks, NodeResourcesFit fit) {
        int i = 0;
        for (Ask a : asks) {
            Pod p = a.pod("p" + i++);
            CycleState state = new CycleState();
            fit.preFilter(state, p, List.of(node));
            if (fit.filter(state, p, node).isSuccess()) {
                node.addPod(PodInfo.of(p));
            }
        }
        return node;
    }

    @Property(tries = 150)
    void filterNeverOverCommitsANode(@ForAll @IntRange(min = 1, max = 8000) int cpu,
            @ForAll @IntRange(min = 1, max = 8192) int memMi, @ForAll @IntRange(min = 1, max = 10) int maxPods,
            @ForAll("placed") List<Ask> asks) {
        NodeResourcesFit fit = STRATEGIES.get(0);
        NodeInfo node = fill(nodeInfo(node("n", cpu + "m", memMi + "Mi", maxPods)), asks, fit);
        Resources used = node.requested();
        Resources alloc = node.allocatable();
        if (used.milliCpu > alloc.milliCpu || used.memory > alloc.memory || node.pods().size() > alloc.pods) {
            throw new AssertionError("over-committed: " + node + " allocatable " + alloc);
        }
    }

    @Property(tries = 150)
    void scoresStayWithinZeroToHundred(@ForAll @IntRange(min = 1, max = 8000) int cpu,
            @ForAll @IntRange(min = 1, max = 8192) int memMi, @ForAll("placed") List<Ask> existing,
            @ForAll("asks") Ask incoming) {
        NodeInfo node = nodeInfo(node("n", cpu + "m", memMi + "Mi", 110));
        existing.forEach(a -> node.addPod(PodInfo.of(a.pod("e"))));
        Pod pod = incoming.pod("p");
        for (NodeResourcesFit fit : STRATEGIES) {
            CycleState state = new CycleState();
            fit.preScore(state, pod, List.of(node));
            long s = fit.score(state, pod, node).value();
            if (s < 0 || s > 100) {
                throw new AssertionError(fit.scoringStrategy() + " scored " + s + " on " + node);
            }
        }
        BalancedAllocation balanced = new BalancedAllocation(null, null);
        CycleState state = new CycleState();
        if (!balanced.preScore(state, pod, List.of(node)).isSkip()) {
            long s = balanced.score(state, pod, node).value();
            if (s < 0 || s > 100) {
                throw new AssertionError("balanced scored " + s);
            }
        }
    }

    @Property(tries = 150)
    void leastAllocatedPrefersTheEmptierOfTwoEqualNodes(@ForAll("placed") List<Ask> onBoth,
            @ForAll("placed") List<Ask> extraOnBusy, @ForAll("asks") Ask incoming) {
        NodeInfo emptier = nodeInfo(node("a", "16", "64Gi", 110));
        NodeInfo busier = nodeInfo(node("b", "16", "64Gi", 110));
        onBoth.forEach(a -> {
            emptier.addPod(PodInfo.of(a.pod("x")));
            busier.addPod(PodInfo.of(a.pod("x")));
        });
        extraOnBusy.forEach(a -> busier.addPod(PodInfo.of(a.pod("y"))));
        NodeResourcesFit least = STRATEGIES.get(0);
        Pod pod = incoming.pod("p");
        CycleState state = new CycleState();
        least.preScore(state, pod, List.of(emptier, busier));
        long a = least.score(state, pod, emptier).value();
        long b = least.score(state, pod, busier).value();
        if (a < b) {
            throw new AssertionError("emptier scored " + a + " < busier " + b);
        }
    }
}
