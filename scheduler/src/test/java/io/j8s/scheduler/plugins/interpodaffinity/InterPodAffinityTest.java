package io.j8s.scheduler.plugins.interpodaffinity;

import static io.j8s.scheduler.plugins.fake.Objects.node;
import static io.j8s.scheduler.plugins.fake.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeScore;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.fake.FakeHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InterPodAffinityTest {
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String HOST = "kubernetes.io/hostname";
    static final String AFF = InterPodAffinity.AFFINITY_NOT_MATCH;
    static final String ANTI = InterPodAffinity.ANTI_AFFINITY_NOT_MATCH;
    static final String EXISTING = InterPodAffinity.EXISTING_ANTI_AFFINITY_NOT_MATCH;

    static PodAffinityTerm term(String key, String label) {
        String[] kv = label.split("=");
        return new PodAffinityTermBuilder().withTopologyKey(key)
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels(kv[0], kv[1]).build())
                .build();
    }

    static Pod withAffinity(Pod p, List<PodAffinityTerm> affinity, List<PodAffinityTerm> anti) {
        var b = new AffinityBuilder();
        if (!affinity.isEmpty()) {
            b.withNewPodAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(affinity).endPodAffinity();
        }
        if (!anti.isEmpty()) {
            b.withNewPodAntiAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(anti).endPodAntiAffinity();
        }
        p.getSpec().setAffinity(b.build());
        return p;
    }

    static Pod on(Pod p, String node) {
        p.getSpec().setNodeName(node);
        return p;
    }

    /** Three nodes: n1 and n2 in zone z1, n3 in z2; n4 has no zone. */
    static FakeHandle cluster(Pod... existing) {
        return FakeHandle.of(List.of(node("n1", ZONE + "=z1"), node("n2", ZONE + "=z1"),
                node("n3", ZONE + "=z2"), node("n4")), List.of(existing));
    }

    static Stream<Arguments> filterCases() {
        Pod securityscan = on(pod("s", "service=securityscan").build(), "n1");
        return Stream.of(
                Arguments.of("affinity to a pod in zone z1 admits both z1 nodes",
                        withAffinity(pod("p").build(), List.of(term(ZONE, "service=securityscan")), List.of()),
                        List.of(securityscan), new String[] {"", "", AFF, AFF}),
                Arguments.of("the first pod of a self-affine group goes anywhere with the key",
                        withAffinity(pod("p", "app=web").build(), List.of(term(ZONE, "app=web")), List.of()),
                        List.of(), new String[] {"", "", "", AFF}),
                Arguments.of("affinity nobody matches, not even the pod itself, fits nowhere",
                        withAffinity(pod("p", "app=web").build(), List.of(term(ZONE, "app=db")), List.of()),
                        List.of(), new String[] {AFF, AFF, AFF, AFF}),
                Arguments.of("anti-affinity on hostname keeps the pod off the matching pod's node",
                        withAffinity(pod("p").build(), List.of(), List.of(term(HOST, "service=securityscan"))),
                        List.of(securityscan), new String[] {ANTI, "", "", ""}),
                Arguments.of("anti-affinity on zone keeps the pod out of the whole zone",
                        withAffinity(pod("p").build(), List.of(), List.of(term(ZONE, "service=securityscan"))),
                        List.of(securityscan), new String[] {ANTI, ANTI, "", ""}),
                Arguments.of("an existing pod's anti-affinity rejects the pods it selects in its zone",
                        pod("p", "app=web").build(),
                        List.of(withAffinity(on(pod("e").build(), "n3"), List.of(), List.of(term(ZONE, "app=web")))),
                        new String[] {"", "", EXISTING, ""}),
                Arguments.of("an existing pod's anti-affinity ignores pods it does not select",
                        pod("p", "app=db").build(),
                        List.of(withAffinity(on(pod("e").build(), "n3"), List.of(), List.of(term(ZONE, "app=web")))),
                        new String[] {"", "", "", ""}),
                Arguments.of("a matching pod in another namespace does not count",
                        withAffinity(pod("p").build(), List.of(), List.of(term(HOST, "service=securityscan"))),
                        List.of(inNamespace(on(pod("s", "service=securityscan").build(), "n1"), "other")),
                        new String[] {"", "", "", ""}));
    }

    @Test
    void matchLabelKeysSpreadsOnlyAgainstPodsOfTheSameVersion() {
        PodAffinityTerm t = term(HOST, "app=web");
        t.setMatchLabelKeys(List.of("version"));
        Pod v1 = on(pod("v1", "app=web", "version=v1").build(), "n1");
        Pod v2 = on(pod("v2", "app=web", "version=v2").build(), "n2");
        FakeHandle h = cluster(v1, v2);
        InterPodAffinity plugin = new InterPodAffinity(null, h);
        h.plugins(plugin).filters(plugin);
        Pod p = withAffinity(pod("p", "app=web", "version=v2").build(), List.of(), List.of(t));
        assertThat(reasons(h.filterAll(new CycleState(), p))).containsExactly("", ANTI, "", "");
    }

    @Test
    void anExistingPodsAntiAffinityOnAKeyTheNodeLacksDoesNotReject() {
        Pod e = withAffinity(on(pod("e").build(), "n4"), List.of(), List.of(term(ZONE, "app=web")));
        FakeHandle h = cluster(e);
        InterPodAffinity plugin = new InterPodAffinity(null, h);
        h.plugins(plugin).filters(plugin);
        assertThat(reasons(h.filterAll(new CycleState(), pod("p", "app=web").build())))
                .containsExactly("", "", "", "");
    }

    static Pod inNamespace(Pod p, String ns) {
        p.getMetadata().setNamespace(ns);
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Pod pod, List<Pod> existing, String[] expected) {
        FakeHandle h = cluster(existing.toArray(Pod[]::new));
        InterPodAffinity plugin = new InterPodAffinity(null, h);
        h.plugins(plugin).filters(plugin);
        Map<String, Status> got = h.filterAll(new CycleState(), pod);
        assertThat(reasons(got)).containsExactly(expected);
    }

    static String[] reasons(Map<String, Status> statuses) {
        return statuses.values().stream().map(Status::message).toArray(String[]::new);
    }

    @Test
    void affinityFailuresCannotBeResolvedByPreemptionButAntiAffinityOnesCan() {
        Pod s = on(pod("s", "service=securityscan").build(), "n1");
        FakeHandle h = cluster(s);
        InterPodAffinity plugin = new InterPodAffinity(null, h);
        CycleState state = new CycleState();
        Pod p = withAffinity(pod("p").build(), List.of(term(ZONE, "service=securityscan")),
                List.of(term(HOST, "service=securityscan")));
        plugin.preFilter(state, p, h.nodes());
        assertThat(plugin.filter(state, p, h.get("n3")).code())
                .isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(plugin.filter(state, p, h.get("n1")).code()).isEqualTo(Status.Code.UNSCHEDULABLE);
    }

    @Test
    void namespaceSelectorReachesPodsInTheNamespacesItSelects() {
        Pod s = inNamespace(on(pod("s", "service=securityscan").build(), "n1"), "team-a");
        FakeHandle h = cluster(s).namespace(new NamespaceBuilder().withNewMetadata()
                .withName("team-a").addToLabels("team", "a").endMetadata().build());
        PodAffinityTerm t = term(HOST, "service=securityscan");
        t.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "a").build());
        InterPodAffinity plugin = new InterPodAffinity(null, h);
        h.plugins(plugin).filters(plugin);
        Map<String, Status> got = h.filterAll(new CycleState(), withAffinity(pod("p").build(),
                List.of(), List.of(t)));
        assertThat(reasons(got)).containsExactly(ANTI, "", "", "");
    }

    @Test
    void removingTheExistingPodThroughTheExtensionLetsPreemptionFreeTheZone() {
        Pod e = withAffinity(on(pod("e").build(), "n3"), List.of(), List.of(term(ZONE, "app=web")));
        FakeHandle h = cluster(e);
        InterPodAffinity plugin = new InterPodAffinity(null, h);
        CycleState state = new CycleState();
        Pod p = pod("p", "app=web").build();
        plugin.preFilter(state, p, h.nodes());
        CycleState copy = state.copy();
        NodeInfo n3 = h.get("n3").copy();
        n3.removePod(e);
        plugin.removePod(copy, p, PodInfo.of(e), n3);
        assertThat(plugin.filter(copy, p, n3).isSuccess()).isTrue();
        assertThat(plugin.filter(state, p, h.get("n3")).message()).isEqualTo(EXISTING);
        plugin.addPod(copy, p, PodInfo.of(e), n3);
        assertThat(plugin.filter(copy, p, n3).message()).isEqualTo(EXISTING);
    }

    static Map<String, Long> scores(FakeHandle h, InterPodAffinity plugin, Pod p) {
        CycleState state = new CycleState();
        Status pre = plugin.preScore(state, p, h.nodes());
        List<NodeScore> scores = new ArrayList<>();
        for (NodeInfo n : h.nodes()) {
            scores.add(new NodeScore(n.name(), pre.isSkip() ? 0 : plugin.score(state, p, n).value()));
        }
        if (!pre.isSkip()) {
            plugin.normalizeScore(state, p, scores);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        scores.forEach(s -> out.put(s.name(), s.score()));
        return out;
    }

    static Pod preferring(Pod p, boolean anti, PodAffinityTerm t, int weight) {
        var w = List.of(new WeightedPodAffinityTerm(t, weight));
        var b = new AffinityBuilder();
        if (anti) {
            b.withNewPodAntiAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(w).endPodAntiAffinity();
        } else {
            b.withNewPodAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(w).endPodAffinity();
        }
        p.getSpec().setAffinity(b.build());
        return p;
    }

    @Test
    void preferredAffinityScoresTheZoneOfTheMatchingPodsHighest() {
        FakeHandle h = cluster(on(pod("s", "service=securityscan").build(), "n3"));
        InterPodAffinity plugin = new InterPodAffinity(null, h);
        Pod p = preferring(pod("p").build(), false, term(ZONE, "service=securityscan"), 5);
        assertThat(scores(h, plugin, p)).containsExactly(Map.entry("n1", 0L), Map.entry("n2", 0L),
                Map.entry("n3", 100L), Map.entry("n4", 0L));
    }

    @Test
    void preferredAntiAffinityScoresTheZoneOfTheMatchingPodsLowest() {
        FakeHandle h = cluster(on(pod("s", "service=securityscan").build(), "n3"));
        InterPodAffinity plugin = new InterPodAffinity(null, h);
        Pod p = preferring(pod("p").build(), true, term(ZONE, "service=securityscan"), 5);
        assertThat(scores(h, plugin, p)).containsExactly(Map.entry("n1", 100L), Map.entry("n2", 100L),
                Map.entry("n3", 0L), Map.entry("n4", 100L));
    }

    @Test
    void existingPodsRequiredAffinityAttractsThePodsItSelectsByHardPodAffinityWeight() throws Exception {
        Pod e = withAffinity(on(pod("e").build(), "n1"), List.of(term(HOST, "app=web")), List.of());
        FakeHandle h = cluster(e);
        Pod p = pod("p", "app=web").build();
        assertThat(scores(h, new InterPodAffinity(null, h), p)).containsEntry("n1", 100L)
                .containsEntry("n2", 0L);
        var zero = new ObjectMapper().readTree("{\"hardPodAffinityWeight\": 0}");
        assertThat(scores(h, new InterPodAffinity(zero, h), p)).containsEntry("n1", 0L);
    }

    @Test
    void aPodWithoutTermsInAClusterWithoutAffinitySkipsEverything() {
        FakeHandle h = cluster(on(pod("s", "app=web").build(), "n1"));
        InterPodAffinity plugin = new InterPodAffinity(null, h);
        assertThat(plugin.preFilter(new CycleState(), pod("p").build(), h.nodes()).status().isSkip()).isTrue();
        assertThat(plugin.preScore(new CycleState(), pod("p").build(), h.nodes()).isSkip()).isTrue();
    }

    @Test
    void invalidArgsNameTheField() throws Exception {
        var args = new ObjectMapper().readTree("{\"hardPodAffinityWeight\": 101}");
        assertThatThrownBy(() -> new InterPodAffinity(args, cluster()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("InterPodAffinityArgs.hardPodAffinityWeight");
    }
}
