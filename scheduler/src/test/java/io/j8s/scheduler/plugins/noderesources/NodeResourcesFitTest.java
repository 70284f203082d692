package io.j8s.scheduler.plugins.noderesources;

import static io.j8s.scheduler.plugins.PluginFixtures.node;
import static io.j8s.scheduler.plugins.PluginFixtures.nodeInfo;
import static io.j8s.scheduler.plugins.PluginFixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.PluginFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeResourcesFitTest {
    static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Status filter(NodeResourcesFit fit, Pod pod, NodeInfo node) {
        CycleState state = new CycleState();
        fit.preFilter(state, pod, List.of(node));
        return fit.filter(state, pod, node);
    }

    static long score(NodeResourcesFit fit, Pod pod, NodeInfo node) {
        CycleState state = new CycleState();
        fit.preScore(state, pod, List.of(node));
        return fit.score(state, pod, node).value();
    }

    /** A node with 10 cpu / 20 memory units (bytes) / 32 pods, 5 cpu and 19 memory in use. */
    static NodeInfo busyNode() {
        return nodeInfo(node("n1", "10m", "20", 32), pod("used", "5m", "19"));
    }

    @ParameterizedTest(name = "requests cpu={0} memory={1}: {2} {3}")
    @CsvSource(nullValues = "none", delimiter = ';', value = {
        "1m; 1; SUCCESS; none",
        "6m; 1; UNSCHEDULABLE; Insufficient cpu",
        "1m; 2; UNSCHEDULABLE; Insufficient memory",
        "6m; 2; UNSCHEDULABLE; Insufficient cpu, Insufficient memory",
        "11m; 1; UNSCHEDULABLE_AND_UNRESOLVABLE; Insufficient cpu",   // more than the whole node
        "none; none; SUCCESS; none"})
    void filterCountsWhatIsLeft(String cpu, String memory, Status.Code code, String reasons) {
        Status s = filter(new NodeResourcesFit(null, null), pod("p", cpu, memory), busyNode());
        assertEquals(code, s.code());
        assertEquals(reasons == null ? "" : reasons, s.message());
    }

    @Test
    void initContainersCountAtTheirPeakAndOverheadIsAdded() {
        NodeInfo node = nodeInfo(node("n1", "10m", "100", 32));
        Pod pod = pod("p", "2m", "10");
        pod.getSpec().setInitContainers(List.of(PluginFixtures.container("init", Map.of("cpu", "9m"))));
        assertEquals(Status.Code.SUCCESS, filter(new NodeResourcesFit(null, null), pod, node).code());
        pod.getSpec().setInitContainers(List.of(PluginFixtures.container("init", Map.of("cpu", "11m"))));
        assertEquals("Insufficient cpu", filter(new NodeResourcesFit(null, null), pod, node).message());
        pod.getSpec().setInitContainers(null);
        pod.getSpec().setOverhead(Map.of("cpu", new Quantity("9m")));
        assertEquals("Insufficient cpu", filter(new NodeResourcesFit(null, null), pod, node).message());
    }

    @Test
    void aFullNodeHasTooManyPods() {
        NodeInfo node = nodeInfo(node("n1", "10", "10Gi", 1), pod("a", null, null));
        Status s = filter(new NodeResourcesFit(null, null), pod("p", null, null), node);
        assertEquals(Status.Code.UNSCHEDULABLE, s.code());
        assertEquals("Too many pods", s.message());
    }

    @Test
    void extendedResourcesAreCheckedUnlessIgnored() {
        Node n = node("n1", "10", "10Gi", 32);
        n.getStatus().getAllocatable().put("example.com/gpu", new Quantity("2"));
        NodeInfo node = nodeInfo(n, pod("a", Map.of("example.com/gpu", "1")));
        Pod wantsTwo = pod("p", Map.of("example.com/gpu", "2"));
        Pod wantsFpga = pod("q", Map.of("vendor.io/fpga", "1"));
        NodeResourcesFit plain = new NodeResourcesFit(null, null);
        assertEquals("Insufficient example.com/gpu", filter(plain, wantsTwo, node).message());
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, filter(plain, wantsFpga, node).code());
        assertEquals("Insufficient vendor.io/fpga", filter(plain, wantsFpga, node).message());
        NodeResourcesFit ignoring = new NodeResourcesFit(
                json("{\"ignoredResources\":[\"example.com/gpu\"],\"ignoredResourceGroups\":[\"vendor.io\"]}"), null);
        assertEquals(Status.Code.SUCCESS, filter(ignoring, wantsTwo, node).code());
        assertEquals(Status.Code.SUCCESS, filter(ignoring, wantsFpga, node).code());
    }

    @Test
    void leastAllocatedAsUpstreamsDifferentlySizedNodes() {
        // upstream: node1 4000m/10000, node2 6000m/10000, pod 3000m/5000 -> 37 and 50
        Pod pod = pod("p", "3000m", "5000");
        NodeResourcesFit fit = new NodeResourcesFit(null, null);
        assertEquals("LeastAllocated", fit.scoringStrategy());
        assertEquals(37, score(fit, pod, nodeInfo(node("node1", "4000m", "10000", 110))));
        assertEquals(50, score(fit, pod, nodeInfo(node("node2", "6000m", "10000", 110))));
    }

    @Test
    void mostAllocatedAndRequestedToCapacityRatio() {
        Pod pod = pod("p", "3000m", "5000");
        NodeInfo node1 = nodeInfo(node("node1", "4000m", "10000", 110));
        NodeResourcesFit most = new NodeResourcesFit(json("{\"scoringStrategy\":{\"type\":\"MostAllocated\"}}"), null);
        assertEquals(62, score(most, pod, node1)); // (75 + 50) / 2
        NodeResourcesFit ratio = new NodeResourcesFit(json("{\"scoringStrategy\":{\"type\":\"RequestedToCapacityRatio\","
                + "\"requestedToCapacityRatio\":{\"shape\":[{\"utilization\":0,\"score\":0},"
                + "{\"utilization\":100,\"score\":10}]}}}"), null);
        assertEquals(63, score(ratio, pod, node1)); // round((75 + 50) / 2)
        NodeResourcesFit weighted = new NodeResourcesFit(json("{\"scoringStrategy\":{\"type\":\"MostAllocated\","
                + "\"resources\":[{\"name\":\"cpu\",\"weight\":3},{\"name\":\"memory\",\"weight\":1}]}}"), null);
        assertEquals(68, score(weighted, pod, node1)); // (75*3 + 50) / 4
    }

    @Test
    void scoringCountsDefaultRequestsForPodsThatAskForNothing() {
        // an empty pod counts as 100m cpu and 200Mi memory when scored
        NodeInfo node = nodeInfo(node("n1", "1000m", "2000Mi", 110));
        long empty = score(new NodeResourcesFit(null, null), pod("p", null, null), node);
        assertEquals((90 + 90) / 2, empty);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "{\"scoringStrategy\":{\"type\":\"X\"}}; NodeResourcesFitArgs.scoringStrategy.type: Unsupported value: \"X\": "
                + "supported values: \"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\"",
        "{\"scoringStrategy\":{\"type\":\"LeastAllocated\",\"resources\":[{\"name\":\"cpu\",\"weight\":101}]}};"
                + " NodeResourcesFitArgs.scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of"
                + " cpu not in valid range (0, 100]",
        "{\"scoringStrategy\":{\"type\":\"RequestedToCapacityRatio\"}}; NodeResourcesFitArgs.scoringStrategy.shape:"
                + " Required value: at least one point must be specified",
        "{\"ignoredResourceGroups\":[\"a/b\"]}; NodeResourcesFitArgs.ignoredResourceGroups[0]: Invalid value:"
                + " \"a/b\": resource group name can't contain '/'",
        "{\"bogus\":1}; NodeResourcesFitArgs: strict decoding error: unknown field \"bogus\""})
    void invalidArgsNameTheField(String args, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> new NodeResourcesFit(json(args), null));
        assertEquals(message, e.getMessage());
    }
}
