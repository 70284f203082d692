package io.j8s.scheduler.plugins.nodeaffinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeScore;
import io.j8s.scheduler.framework.PreFilterResult;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.PluginFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeAffinityTest {
    private final NodeAffinity plugin = new NodeAffinity(null, null);

    static NodeInfo labelled(String name, Map<String, String> labels) {
        Node node = PluginFixtures.node(name);
        node.getMetadata().setLabels(labels);
        return PluginFixtures.nodeInfo(node);
    }

    static NodeSelectorRequirement req(String key, String op, String... values) {
        return new NodeSelectorRequirement(key, op, List.of(values));
    }

    static Pod requiring(NodeSelectorTerm... terms) {
        Pod pod = PluginFixtures.pod("p");
        pod.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(terms)
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        return pod;
    }

    Status filter(NodeAffinity p, Pod pod, NodeInfo node) {
        CycleState state = new CycleState();
        PreFilterResult pre = p.preFilter(state, pod, List.of(node));
        if (pre.status().isSkip()) {
            return Status.success();
        }
        if (!pre.status().isSuccess()) {
            return pre.status();
        }
        return p.filter(state, pod, node);
    }

    @Test
    void nodeSelectorMustMatchEveryLabel() {
        Pod pod = PluginFixtures.pod("p");
        pod.getSpec().setNodeSelector(Map.of("zone", "a", "disk", "ssd"));
        assertTrue(filter(plugin, pod, labelled("n1", Map.of("zone", "a", "disk", "ssd", "x", "y"))).isSuccess());
        Status s = filter(plugin, pod, labelled("n2", Map.of("zone", "a")));
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, s.code());
        assertEquals("node(s) didn't match Pod's node affinity/selector", s.message());
    }

    @Test
    void requiredTermsAreOredAndUseEveryOperator() {
        Pod pod = requiring(new NodeSelectorTerm(List.of(req("gpus", "Gt", "2"), req("zone", "NotIn", "b")), null),
                new NodeSelectorTerm(List.of(req("special", "Exists")), null));
        assertTrue(filter(plugin, pod, labelled("big", Map.of("gpus", "4", "zone", "a"))).isSuccess());
        assertTrue(filter(plugin, pod, labelled("special", Map.of("special", ""))).isSuccess());
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE,
                filter(plugin, pod, labelled("inB", Map.of("gpus", "4", "zone", "b"))).code());
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE,
                filter(plugin, pod, labelled("small", Map.of("gpus", "1"))).code());
    }

    @Test
    void aPodWithoutNodeConstraintsSkips() {
        assertTrue(plugin.preFilter(new CycleState(), PluginFixtures.pod("p"), List.of()).status().isSkip());
    }

    @Test
    void preFilterNarrowsToNodesNamedByMatchFields() {
        Pod pod = requiring(new NodeSelectorTerm(null, List.of(req("metadata.name", "In", "n1"))),
                new NodeSelectorTerm(List.of(req("zone", "In", "a")), List.of(req("metadata.name", "In", "n2"))));
        PreFilterResult r = plugin.preFilter(new CycleState(), pod, List.of());
        assertEquals(Set.of("n1", "n2"), r.nodeNames());
        Pod anyNode = requiring(new NodeSelectorTerm(null, List.of(req("metadata.name", "In", "n1"))),
                new NodeSelectorTerm(List.of(req("zone", "In", "a")), null));
        assertNull(plugin.preFilter(new CycleState(), anyNode, List.of()).nodeNames());
        Pod conflict = requiring(new NodeSelectorTerm(null,
                List.of(req("metadata.name", "In", "n1"), req("metadata.name", "In", "n2"))));
        Status s = plugin.preFilter(new CycleState(), conflict, List.of()).status();
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, s.code());
        assertEquals("pod affinity terms conflict", s.message());
    }

    @Test
    void preferredTermsScoreTheirWeightsNormalized() {
        Pod pod = PluginFixtures.pod("p");
        pod.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(
                        new PreferredSchedulingTerm(new NodeSelectorTerm(List.of(req("zone", "In", "a")), null), 2),
                        new PreferredSchedulingTerm(new NodeSelectorTerm(List.of(req("disk", "In", "ssd")), null), 8))
                .endNodeAffinity().build());
        List<NodeInfo> nodes = List.of(labelled("none", Map.of()), labelled("zoneA", Map.of("zone", "a")),
                labelled("both", Map.of("zone", "a", "disk", "ssd")));
        CycleState state = new CycleState();
        assertTrue(plugin.preScore(state, pod, nodes).isSuccess());
        List<NodeScore> scores = new ArrayList<>();
        nodes.forEach(n -> scores.add(new NodeScore(n.name(), plugin.score(state, pod, n).value())));
        assertEquals("[none=0, zoneA=2, both=10]", scores.toString());
        plugin.normalizeScore(state, pod, scores);
        assertEquals("[none=0, zoneA=20, both=100]", scores.toString());
        assertTrue(plugin.preScore(new CycleState(), PluginFixtures.pod("q"), nodes).isSkip());
    }

    @Test
    void addedAffinityIsEnforcedOnEveryPod() throws Exception {
        var args = new ObjectMapper().readTree("{\"addedAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                + "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"pool\",\"operator\":\"In\",\"values\":[\"batch\"]}]}]}}}");
        NodeAffinity enforced = new NodeAffinity(args, null);
        Pod pod = PluginFixtures.pod("p");
        assertTrue(filter(enforced, pod, labelled("batch", Map.of("pool", "batch"))).isSuccess());
        Status s = filter(enforced, pod, labelled("web", Map.of("pool", "web")));
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, s.code());
        assertEquals("node(s) didn't match scheduler-enforced node affinity", s.message());
    }

    @Test
    void invalidAddedAffinityNamesTheField() throws Exception {
        var args = new ObjectMapper().readTree("{\"addedAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                + "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"pool\",\"operator\":\"Near\"}]}]}}}");
        var e = assertThrows(IllegalArgumentException.class, () -> new NodeAffinity(args, null));
        assertTrue(e.getMessage().startsWith("NodeAffinityArgs.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                + ".nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: \"Near\""), e.getMessage());
    }
}
