package io.j8s.scheduler.plugins.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeSelectorsTest {
    private static final Node NODE = new NodeBuilder().withNewMetadata().withName("n1")
            .withLabels(Map.of("zone", "a", "gpus", "4", "disk", "ssd")).endMetadata().build();

    static NodeSelectorRequirement req(String key, String op, String... values) {
        return new NodeSelectorRequirement(key, op, List.of(values));
    }

    static Stream<Arguments> expressions() {
        return Stream.of(
                Arguments.of(req("zone", "In", "a", "b"), true),
                Arguments.of(req("zone", "In", "b"), false),
                Arguments.of(req("missing", "In", "a"), false),
                Arguments.of(req("zone", "NotIn", "b"), true),
                Arguments.of(req("zone", "NotIn", "a"), false),
                Arguments.of(req("missing", "NotIn", "a"), true),
                Arguments.of(req("zone", "Exists"), true),
                Arguments.of(req("missing", "Exists"), false),
                Arguments.of(req("missing", "DoesNotExist"), true),
                Arguments.of(req("zone", "DoesNotExist"), false),
                Arguments.of(req("gpus", "Gt", "3"), true),
                Arguments.of(req("gpus", "Gt", "4"), false),
                Arguments.of(req("gpus", "Lt", "5"), true),
                Arguments.of(req("gpus", "Lt", "4"), false),
                Arguments.of(req("zone", "Gt", "1"), false),        // label not a number
                Arguments.of(req("gpus", "Gt", "1", "2"), false),   // two values: invalid term
                Arguments.of(req("missing", "Lt", "9"), false),
                Arguments.of(req("zone", "Exists", "a"), false),    // Exists with a value: invalid
                Arguments.of(req("zone", "Bogus", "a"), false));
    }

    @ParameterizedTest
    @MethodSource("expressions")
    void matchExpressionsAsUpstream(NodeSelectorRequirement r, boolean want) {
        NodeSelectorTerm term = new NodeSelectorTerm(List.of(r), null);
        assertEquals(want, NodeSelectors.matches(NODE, term), r.toString());
    }

    @Test
    void termsAreOredRequirementsAnded() {
        var yes = new NodeSelectorTerm(List.of(req("zone", "In", "a"), req("disk", "In", "ssd")), null);
        var no = new NodeSelectorTerm(List.of(req("zone", "In", "a"), req("disk", "In", "hdd")), null);
        assertEquals(true, NodeSelectors.matches(NODE, no, yes));
        assertEquals(false, NodeSelectors.matches(NODE, no));
        assertEquals(false, NodeSelectors.matches(NODE, new NodeSelectorTerm()), "an empty term matches nothing");
        assertEquals(false, NodeSelectors.matches(List.of(), NODE));
    }

    @Test
    void matchFieldsKnowsMetadataName() {
        assertEquals(true, NodeSelectors.matches(NODE, new NodeSelectorTerm(null, List.of(req("metadata.name", "In", "n1")))));
        assertEquals(false, NodeSelectors.matches(NODE, new NodeSelectorTerm(null, List.of(req("metadata.name", "In", "n2")))));
        assertEquals(true, NodeSelectors.matches(NODE, new NodeSelectorTerm(null, List.of(req("metadata.name", "NotIn", "n2")))));
        assertEquals(false, NodeSelectors.matches(NODE, new NodeSelectorTerm(null, List.of(req("metadata.uid", "In", "n1")))));
    }

    @Test
    void podMatchesNodeSelectorAndRequiredAffinity() {
        var pod = new PodBuilder().withNewSpec().withNodeSelector(Map.of("zone", "a"))
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addToMatchExpressions(req("disk", "In", "ssd")).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
        assertEquals(true, NodeSelectors.podMatches(pod, NODE));
        pod.getSpec().setNodeSelector(Map.of("zone", "b"));
        assertEquals(false, NodeSelectors.podMatches(pod, NODE));
    }
}
