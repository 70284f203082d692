package io.j8s.scheduler.plugins.noderesources;

import static io.j8s.scheduler.plugins.PluginFixtures.node;
import static io.j8s.scheduler.plugins.PluginFixtures.nodeInfo;
import static io.j8s.scheduler.plugins.PluginFixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalancedAllocationTest {
    private final BalancedAllocation plugin = new BalancedAllocation(null, null);

    long score(Pod pod, NodeInfo node) {
        CycleState state = new CycleState();
        plugin.preScore(state, pod, List.of(node));
        return plugin.score(state, pod, node).value();
    }

    @Test
    void evenlyUsedNodesScoreHigher() {
        // upstream: node1 4000m/10000, node2 6000m/10000, pod 3000m/5000 -> 87 and 100
        Pod pod = pod("p", "3000m", "5000");
        assertEquals(87, score(pod, nodeInfo(node("node1", "4000m", "10000", 110))));
        assertEquals(100, score(pod, nodeInfo(node("node2", "6000m", "10000", 110))));
    }

    @Test
    void existingRequestsCountAndFractionsCapAtOne() {
        NodeInfo node = nodeInfo(node("n1", "4000m", "10000", 110), pod("a", "3000m", "0"));
        // cpu (3000+1000)/4000 = 1, memory 5000/10000 = 0.5 -> std 0.25 -> 75
        assertEquals(75, score(pod("p", "1000m", "5000"), node));
        NodeInfo over = nodeInfo(node("n2", "1000m", "10000", 110), pod("a", "3000m", "0"));
        assertEquals(75, score(pod("p", "1000m", "5000"), over));
    }

    @Test
    void bestEffortPodsAreSkipped() {
        Pod empty = pod("p", null, null);
        assertTrue(plugin.preScore(new CycleState(), empty, List.of()).isSkip());
    }

    @Test
    void weightsMustBeOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BalancedAllocation(
                NodeResourcesFitTest.json("{\"resources\":[{\"name\":\"cpu\",\"weight\":2}]}"), null));
        assertEquals("NodeResourcesBalancedAllocationArgs.resources[0].weight: Invalid value: 2: must be 1",
                e.getMessage());
    }
}
