package io.j8s.scheduler.plugins.defaultpreemption;

import static io.j8s.scheduler.plugins.fake.Objects.node;
import static io.j8s.scheduler.plugins.fake.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.PostFilterPlugin.PostFilterResult;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.fake.CpuFit;
import io.j8s.scheduler.plugins.fake.FakeHandle;
import io.j8s.scheduler.plugins.interpodaffinity.InterPodAffinity;
import io.j8s.testcluster.TestCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Preemption against a real API server (the victims are really deleted), with a CPU filter and,
 * where the test says so, the real InterPodAffinity plugin.
 */
class DefaultPreemptionTest {
    @RegisterExtension
    static final TestCluster api = new TestCluster();

    /** A pod running on {@code node}, created in the API, with a priority and a CPU request. */
    static Pod running(String name, String node, int priority, String cpu, String... labels) {
        Pod local = withCpu(pod(name, labels), cpu).build();
        local.getSpec().setNodeName(node);
        Pod created = api.client().resource(new PodBuilder(local).editMetadata().withUid(null)
                .endMetadata().build()).create();
        local.getMetadata().setUid(created.getMetadata().getUid());
        local.getSpec().setPriority(priority);
        return local;
    }

    static PodBuilder withCpu(PodBuilder b, String cpu) {
        return b.editSpec().editFirstContainer().withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).endResources().endContainer().endSpec();
    }

    static Pod incoming(String name, int priority, String cpu) {
        Pod p = withCpu(pod(name), cpu).build();
        p.getSpec().setPriority(priority);
        return p;
    }

    static PostFilterResult preempt(FakeHandle h, Pod p) {
        h.client(api.client());
        CycleState state = new CycleState();
        Map<String, Status> failed = new HashMap<>(h.filterAll(state, p));
        failed.values().removeIf(Status::isSuccess);
        return new DefaultPreemption(null, h).postFilter(state, p, failed);
    }

    static boolean deleted(Pod p) {
        Pod now = api.client().pods().inNamespace("default").withName(p.getMetadata().getName()).get();
        return now == null || now.getMetadata().getDeletionTimestamp() != null;
    }

    static List<Node> threeNodes() {
        return List.of(node("n1"), node("n2"), node("n3"));
    }

    @Test
    void picksTheNodeWithTheLowestPriorityVictimsAndDeletesOnlyWhatIsNeeded() {
        Pod a1 = running("a1", "n1", 0, "2");
        Pod a2 = running("a2", "n1", 0, "2");
        Pod b1 = running("b1", "n2", 5, "2");
        Pod b2 = running("b2", "n2", 5, "2");
        Pod c1 = running("c1", "n3", 0, "1");
        Pod c2 = running("c2", "n3", 0, "1");
        Pod c3 = running("c3", "n3", 0, "1");
        Pod c4 = running("c4", "n3", 0, "1");
        FakeHandle h = FakeHandle.of(threeNodes(), List.of(a1, a2, b1, b2, c1, c2, c3, c4))
                .filters(new CpuFit());
        Pod p = incoming("p1", 10, "2");
        PostFilterResult r = preempt(h, p);
        assertThat(r.status().isSuccess()).as(r.status().message()).isTrue();
        assertThat(r.nominatedNodeName()).isEqualTo("n1");
        assertThat(List.of(a1, a2).stream().filter(DefaultPreemptionTest::deleted)).hasSize(1);
        assertThat(List.of(b1, b2, c1, c2, c3, c4)).noneMatch(DefaultPreemptionTest::deleted);
        assertThat(h.events()).singleElement().asString()
                .endsWith("Normal Preempted Preempted by pod " + p.getMetadata().getUid() + " on node n1");
    }

    @Test
    void podsProtectedByADisruptionBudgetAreAvoidedWhenAnotherNodeWillDo() {
        Pod a1 = running("pa1", "n1", 0, "3", "app=protected");
        Pod c1 = running("pc1", "n3", 1, "2");
        Pod c2 = running("pc2", "n3", 1, "2");
        FakeHandle h = FakeHandle.of(List.of(node("n1"), node("n3")), List.of(a1, c1, c2))
                .filters(new CpuFit()).pdb(new PodDisruptionBudgetBuilder().withNewMetadata()
                        .withName("keep").withNamespace("default").endMetadata().withNewSpec()
                        .withSelector(new LabelSelectorBuilder().addToMatchLabels("app", "protected").build())
                        .endSpec().withNewStatus().withDisruptionsAllowed(0).endStatus().build());
        PostFilterResult r = preempt(h, incoming("pp", 10, "2"));
        assertThat(r.nominatedNodeName()).isEqualTo("n3");
        assertThat(deleted(a1)).isFalse();
        assertThat(List.of(c1, c2).stream().filter(DefaultPreemptionTest::deleted)).hasSize(1);
    }

    @Test
    void preemptionPolicyNeverIsNotEligible() {
        Pod a = running("na1", "n1", 0, "4");
        FakeHandle h = FakeHandle.of(List.of(node("n1")), List.of(a)).filters(new CpuFit());
        Pod p = incoming("np", 10, "2");
        p.getSpec().setPreemptionPolicy("Never");
        PostFilterResult r = preempt(h, p);
        assertThat(r.status().code()).isEqualTo(Status.Code.UNSCHEDULABLE);
        assertThat(r.status().message()).isEqualTo("preemption: not eligible due to preemptionPolicy=Never.");
        assertThat(deleted(a)).isFalse();
    }

    @Test
    void aTerminatingVictimOnTheNominatedNodeMakesThePodWait() {
        Pod a = running("ta1", "n1", 0, "4");
        a.getMetadata().setDeletionTimestamp("2024-01-01T00:00:00Z");
        FakeHandle h = FakeHandle.of(List.of(node("n1")), List.of(a)).filters(new CpuFit());
        Pod p = incoming("tp", 10, "2");
        p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withNominatedNodeName("n1").build());
        assertThat(preempt(h, p).status().message())
                .isEqualTo("preemption: not eligible due to a terminating pod on the nominated node.");
    }

    @Test
    void theMessageCountsNodesWherePreemptionCannotHelpAsUpstreamWords() {
        Pod high = running("mh1", "n1", 100, "4");
        FakeHandle h = FakeHandle.of(List.of(node("n1"), node("n2")), List.of(high))
                .filters(new CpuFit(Set.of("n2")));
        PostFilterResult r = preempt(h, incoming("mp", 10, "2"));
        assertThat(r.status().code()).isEqualTo(Status.Code.UNSCHEDULABLE);
        assertThat(r.status().message()).isEqualTo("preemption: 0/2 nodes are available: 1 No"
                + " preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.");
        assertThat(r.nominatedNodeName()).as("a stale nomination is cleared").isEmpty();
        assertThat(deleted(high)).isFalse();

        FakeHandle unresolvable = FakeHandle.of(threeNodes(), List.of())
                .filters(new CpuFit(Set.of("n1", "n2", "n3")));
        assertThat(preempt(unresolvable, incoming("mq", 10, "2")).status().message())
                .isEqualTo("preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    }

    @Test
    void removingAllLowerPriorityPodsThatStillDoesNotFitReportsTheFilter() {
        Pod low = running("fl1", "n1", 0, "1");
        Pod high = running("fh1", "n1", 100, "3");
        FakeHandle h = FakeHandle.of(List.of(node("n1")), List.of(low, high)).filters(new CpuFit());
        assertThat(preempt(h, incoming("fp", 10, "2")).status().message())
                .isEqualTo("preemption: 0/1 nodes are available: 1 Insufficient cpu.");
        assertThat(deleted(low)).isFalse();
    }

    @Test
    void antiAffinityToALowerPriorityPodIsResolvedByPreemptingIt() {
        Pod web = running("aw1", "n1", 0, "100m", "app=web");
        FakeHandle h = FakeHandle.of(List.of(node("n1")), List.of(web));
        InterPodAffinity affinity = new InterPodAffinity(null, h);
        h.plugins(affinity).filters(new CpuFit(), affinity);
        Pod p = incoming("ap", 10, "100m");
        p.getSpec().setAffinity(new AffinityBuilder().withNewPodAntiAffinity()
                .addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
                        .withTopologyKey("kubernetes.io/hostname").withLabelSelector(
                                new LabelSelectorBuilder().addToMatchLabels("app", "web").build())
                        .build()).endPodAntiAffinity().build());
        PostFilterResult r = preempt(h, p);
        assertThat(r.nominatedNodeName()).isEqualTo("n1");
        assertThat(deleted(web)).isTrue();
    }

    @Test
    void lowerPriorityPodsNominatedToTheChosenNodeLoseTheirNomination() {
        Pod a = running("la1", "n1", 0, "4");
        Pod waiting = api.client().resource(pod("lw").build()).create();
        api.client().pods().inNamespace("default").withName("lw").subresource("status")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"status\":{\"nominatedNodeName\":\"n1\"}}");
        waiting.getSpec().setPriority(1);
        FakeHandle h = FakeHandle.of(List.of(node("n1")), List.of(a)).filters(new CpuFit());
        h.nominate("n1", waiting);
        assertThat(preempt(h, incoming("lp", 10, "2")).nominatedNodeName()).isEqualTo("n1");
        Pod now = api.client().pods().inNamespace("default").withName("lw").get();
        assertThat(now.getStatus().getNominatedNodeName()).isNull();
    }

    @Test
    void numberOfCandidatesFollowsTheArgs() throws Exception {
        DefaultPreemption dflt = new DefaultPreemption(null, FakeHandle.of(List.of(), List.of()));
        assertThat(dflt.numCandidates(50)).isEqualTo(50);
        assertThat(dflt.numCandidates(5000)).isEqualTo(500);
        assertThat(dflt.numCandidates(500)).isEqualTo(100);
        var bad = new ObjectMapper().readTree("{\"minCandidateNodesPercentage\": 101}");
        assertThatThrownBy(() -> new DefaultPreemption(bad, FakeHandle.of(List.of(), List.of())))
                .hasMessageContaining("DefaultPreemptionArgs.minCandidateNodesPercentage");
    }
}
