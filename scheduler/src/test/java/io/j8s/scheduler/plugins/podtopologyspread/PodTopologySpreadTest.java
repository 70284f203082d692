package io.j8s.scheduler.plugins.podtopologyspread;

import static io.j8s.scheduler.plugins.fake.Objects.node;
import static io.j8s.scheduler.plugins.fake.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeScore;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.fake.FakeHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodTopologySpreadTest {
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String NO = PodTopologySpread.NOT_MATCH;
    static final String MISSING = PodTopologySpread.MISSING_LABEL;

    static TopologySpreadConstraint spread(int maxSkew, String when, Consumer<TopologySpreadConstraint> more) {
        TopologySpreadConstraint c = new TopologySpreadConstraintBuilder().withMaxSkew(maxSkew)
                .withTopologyKey(ZONE).withWhenUnsatisfiable(when)
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build())
                .build();
        more.accept(c);
        return c;
    }

    static Pod spreading(Pod p, TopologySpreadConstraint c) {
        p.getSpec().setTopologySpreadConstraints(List.of(c));
        return p;
    }

    static Pod web(String name, String node, String... extraLabels) {
        List<String> labels = new ArrayList<>(List.of("app=web"));
        labels.addAll(List.of(extraLabels));
        Pod p = pod(name, labels.toArray(String[]::new)).build();
        p.getSpec().setNodeName(node);
        return p;
    }

    static Node tainted(Node n) {
        n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
        n.getSpec().setTaints(List.of(new TaintBuilder().withKey("dedicated").withValue("x")
                .withEffect("NoSchedule").build()));
        return n;
    }

    /** n1, n2 in z1; n3, n4 in z2; n5 has no zone. */
    static List<Node> nodes() {
        return List.of(node("n1", ZONE + "=z1"), node("n2", ZONE + "=z1"), node("n3", ZONE + "=z2"),
                node("n4", ZONE + "=z2"), node("n5"));
    }

    static Stream<Arguments> filterCases() {
        List<Pod> twoInZ1 = List.of(web("a", "n1"), web("b", "n2"));
        Pod p = pod("p", "app=web").build();
        return Stream.of(
                Arguments.of("maxSkew 1 with 2 pods in z1 and none in z2 admits z2 only", nodes(),
                        spreading(pod("p", "app=web").build(), spread(1, "DoNotSchedule", c -> { })),
                        twoInZ1, new String[] {NO, NO, "", "", MISSING}),
                Arguments.of("maxSkew 2 with 1 pod in z1 admits both zones", nodes(),
                        spreading(pod("p", "app=web").build(), spread(2, "DoNotSchedule", c -> { })),
                        List.of(web("a", "n1")), new String[] {"", "", "", "", MISSING}),
                Arguments.of("a pod its own selector does not select does not count itself", nodes(),
                        spreading(pod("p", "app=db").build(), spread(1, "DoNotSchedule", c -> { })),
                        List.of(web("a", "n1")), new String[] {"", "", "", "", MISSING}),
                Arguments.of("minDomains above the domains counts the smallest as zero", nodes(),
                        spreading(pod("p", "app=web").build(), spread(1, "DoNotSchedule", c -> c.setMinDomains(3))),
                        List.of(web("a", "n1"), web("b", "n3")), new String[] {NO, NO, NO, NO, MISSING}),
                Arguments.of("without minDomains the same cluster is balanced", nodes(),
                        spreading(pod("p", "app=web").build(), spread(1, "DoNotSchedule", c -> { })),
                        List.of(web("a", "n1"), web("b", "n3")), new String[] {"", "", "", "", MISSING}),
                Arguments.of("nodeAffinityPolicy Honor counts only the zones the pod may go to", nodes(),
                        selecting(spreading(pod("p", "app=web").build(), spread(1, "DoNotSchedule", c -> { }))),
                        List.of(web("a", "n1")), new String[] {"", "", "", "", MISSING}),
                Arguments.of("nodeAffinityPolicy Ignore counts every zone", nodes(),
                        selecting(spreading(pod("p", "app=web").build(),
                                spread(1, "DoNotSchedule", c -> c.setNodeAffinityPolicy("Ignore")))),
                        List.of(web("a", "n1")), new String[] {NO, NO, "", "", MISSING}),
                Arguments.of("nodeTaintsPolicy Honor leaves out the zone of untolerated taints",
                        List.of(node("n1", ZONE + "=z1"), node("n2", ZONE + "=z1"),
                                tainted(node("n3", ZONE + "=z2")), tainted(node("n4", ZONE + "=z2")), node("n5")),
                        spreading(pod("p", "app=web").build(),
                                spread(1, "DoNotSchedule", c -> c.setNodeTaintsPolicy("Honor"))),
                        List.of(web("a", "n1")), new String[] {"", "", "", "", MISSING}),
                Arguments.of("nodeTaintsPolicy Ignore (the default) counts the tainted zone",
                        List.of(node("n1", ZONE + "=z1"), node("n2", ZONE + "=z1"),
                                tainted(node("n3", ZONE + "=z2")), tainted(node("n4", ZONE + "=z2")), node("n5")),
                        spreading(pod("p", "app=web").build(), spread(1, "DoNotSchedule", c -> { })),
                        List.of(web("a", "n1")), new String[] {NO, NO, "", "", MISSING}),
                Arguments.of("matchLabelKeys counts only the pods of the pod's own version", nodes(),
                        spreading(pod("p", "app=web", "version=v2").build(),
                                spread(1, "DoNotSchedule", c -> c.setMatchLabelKeys(List.of("version")))),
                        List.of(web("a", "n1", "version=v1"), web("b", "n2", "version=v1")),
                        new String[] {"", "", "", "", MISSING}),
                Arguments.of("ScheduleAnyway constraints never filter", nodes(),
                        spreading(p, spread(1, "ScheduleAnyway", c -> { })), twoInZ1,
                        new String[] {"", "", "", "", ""}));
    }

    static Pod selecting(Pod p) {
        p.getSpec().setNodeSelector(Map.of(ZONE, "z1"));
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, List<Node> nodes, Pod pod, List<Pod> existing, String[] expected) {
        FakeHandle h = FakeHandle.of(nodes, existing);
        PodTopologySpread plugin = new PodTopologySpread(null, h);
        h.plugins(plugin).filters(plugin);
        Map<String, Status> got = h.filterAll(new CycleState(), pod);
        assertThat(got.values().stream().map(Status::message)).containsExactly(expected);
        if (expected[4].equals(MISSING)) {
            assertThat(got.get("n5").code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        }
    }

    @Test
    void removingAPodThroughTheExtensionRebalancesForPreemption() {
        FakeHandle h = FakeHandle.of(nodes(), List.of(web("a", "n1")));
        PodTopologySpread plugin = new PodTopologySpread(null, h);
        Pod p = spreading(pod("p", "app=web").build(), spread(1, "DoNotSchedule", c -> { }));
        CycleState state = new CycleState();
        plugin.preFilter(state, p, h.nodes());
        CycleState copy = state.copy();
        NodeInfo n1 = h.get("n1").copy();
        Pod a = n1.pods().get(0).pod();
        n1.removePod(a);
        plugin.removePod(copy, p, io.j8s.scheduler.framework.PodInfo.of(a), n1);
        assertThat(plugin.filter(copy, p, n1).isSuccess()).isTrue();
        assertThat(plugin.filter(state, p, h.get("n1")).message()).isEqualTo(NO);
        Pod nominated = web("z", "n3");
        plugin.addPod(copy, p, io.j8s.scheduler.framework.PodInfo.of(nominated), h.get("n3"));
        assertThat(plugin.filter(copy, p, h.get("n3")).message())
                .as("a pod added in z2 makes z2 the fuller zone").isEqualTo(NO);
    }

    static Map<String, Long> scores(FakeHandle h, PodTopologySpread plugin, Pod p, List<NodeInfo> filtered) {
        CycleState state = new CycleState();
        Status pre = plugin.preScore(state, p, filtered);
        assertThat(pre.isSuccess()).isTrue();
        List<NodeScore> scores = new ArrayList<>();
        for (NodeInfo n : filtered) {
            scores.add(new NodeScore(n.name(), plugin.score(state, p, n).value()));
        }
        plugin.normalizeScore(state, p, scores);
        Map<String, Long> out = new LinkedHashMap<>();
        scores.forEach(s -> out.put(s.name(), s.score()));
        return out;
    }

    @Test
    void scheduleAnywayScoresTheEmptierZoneHigherAndNodesWithoutTheKeyZero() {
        FakeHandle h = FakeHandle.of(nodes(), List.of(web("a", "n1"), web("b", "n2")));
        PodTopologySpread plugin = new PodTopologySpread(null, h);
        Pod p = spreading(pod("p", "app=web").build(), spread(1, "ScheduleAnyway", c -> { }));
        Map<String, Long> s = scores(h, plugin, p, h.nodes());
        assertThat(s.get("n3")).isEqualTo(100L).isEqualTo(s.get("n4"));
        assertThat(s.get("n1")).isLessThan(100L).isEqualTo(s.get("n2"));
        assertThat(s.get("n5")).isZero();
    }

    @Test
    void systemDefaultsSpreadAReplicaSetsPodsAcrossHosts() {
        FakeHandle h = FakeHandle.of(nodes(), List.of(owned(web("a", "n1")), owned(web("b", "n1"))));
        PodTopologySpread plugin = new PodTopologySpread(null, h);
        Pod p = owned(pod("p", "app=web").build());
        Map<String, Long> s = scores(h, plugin, p, h.nodes());
        assertThat(s.get("n1")).isLessThan(s.get("n2"));
        assertThat(s.get("n2")).as("same zone as the pods").isLessThan(s.get("n3"));
        assertThat(s.get("n3")).isEqualTo(s.get("n4"));
        assertThat(plugin.preScore(new CycleState(), pod("lonely", "app=web").build(), h.nodes()).isSkip())
                .as("a pod no controller owns gets no default constraints").isTrue();
    }

    static Pod owned(Pod p) {
        p.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withKind("ReplicaSet")
                .withApiVersion("apps/v1").withName("web-1").withUid("rs-uid").withController(true).build()));
        return p;
    }

    @Test
    void invalidArgsNameTheField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        FakeHandle h = FakeHandle.of(nodes(), List.of());
        assertThatThrownBy(() -> new PodTopologySpread(json.readTree("{\"defaultingType\":\"System\","
                + "\"defaultConstraints\":[{\"maxSkew\":1,\"topologyKey\":\"k\","
                + "\"whenUnsatisfiable\":\"DoNotSchedule\"}]}"), h))
                .hasMessageContaining("PodTopologySpreadArgs.defaultConstraints");
        assertThatThrownBy(() -> new PodTopologySpread(json.readTree("{\"defaultingType\":\"List\","
                + "\"defaultConstraints\":[{\"maxSkew\":1,\"topologyKey\":\"k\","
                + "\"whenUnsatisfiable\":\"Maybe\"}]}"), h))
                .hasMessageContaining("PodTopologySpreadArgs.defaultConstraints[0].whenUnsatisfiable");
        assertThatThrownBy(() -> new PodTopologySpread(json.readTree("{\"defaultingType\":\"Some\"}"), h))
                .hasMessageContaining("PodTopologySpreadArgs.defaultingType");
    }

    @Test
    void listDefaultsWithDoNotScheduleFilterOwnedPods() throws Exception {
        var args = new ObjectMapper().readTree("{\"defaultingType\":\"List\",\"defaultConstraints\":"
                + "[{\"maxSkew\":1,\"topologyKey\":\"" + ZONE + "\",\"whenUnsatisfiable\":\"DoNotSchedule\"}]}");
        FakeHandle h = FakeHandle.of(nodes(), List.of(owned(web("a", "n1")), owned(web("b", "n2"))));
        PodTopologySpread plugin = new PodTopologySpread(args, h);
        h.plugins(plugin).filters(plugin);
        Map<String, Status> got = h.filterAll(new CycleState(), owned(pod("p", "app=web").build()));
        assertThat(got.values().stream().map(Status::message)).containsExactly(NO, NO, "", "", MISSING);
    }
}
