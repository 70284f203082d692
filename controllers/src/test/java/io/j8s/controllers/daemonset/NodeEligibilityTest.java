package io.j8s.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeEligibilityTest {
    private static final NodeEligibility.Verdict RUN = new NodeEligibility.Verdict(true, true);
    private static final NodeEligibility.Verdict KEEP = new NodeEligibility.Verdict(false, true);
    private static final NodeEligibility.Verdict NONE = new NodeEligibility.Verdict(false, false);

    private static Node node(Map<String, String> labels, Taint... taints) {
        return new NodeBuilder().withNewMetadata().withName("n1").withLabels(labels)
                .endMetadata().withNewSpec().withTaints(taints).endSpec().build();
    }

    private static Taint taint(String key, String value, String effect) {
        return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
    }

    private static PodSpec plain() {
        return new PodSpecBuilder().addNewContainer().withName("c").withImage("i").endContainer()
                .build();
    }

    @Test
    void anUntoleratedNoScheduleTaintKeepsRunningPodsButStartsNoNewOne() {
        assertThat(NodeEligibility.check(node(Map.of(), taint("dedicated", "db", "NoSchedule")),
                plain())).isEqualTo(KEEP);
        assertThat(NodeEligibility.check(node(Map.of(), taint("dedicated", "db", "NoExecute")),
                plain())).isEqualTo(NONE);
        assertThat(NodeEligibility.check(node(Map.of(),
                taint("dedicated", "db", "PreferNoSchedule")), plain())).isEqualTo(RUN);
    }

    @Test
    void aMatchingTolerationLetsThePodRunAndAWrongValueDoesNot() {
        PodSpec tolerant = new PodSpecBuilder(plain()).addToTolerations(new TolerationBuilder()
                .withKey("dedicated").withOperator("Equal").withValue("db")
                .withEffect("NoSchedule").build()).build();
        assertThat(NodeEligibility.check(node(Map.of(), taint("dedicated", "db", "NoSchedule")),
                tolerant)).isEqualTo(RUN);
        assertThat(NodeEligibility.check(node(Map.of(), taint("dedicated", "web", "NoSchedule")),
                tolerant)).isEqualTo(KEEP);
        PodSpec everything = new PodSpecBuilder(plain()).addToTolerations(new TolerationBuilder()
                .withOperator("Exists").build()).build();
        assertThat(NodeEligibility.check(node(Map.of(), taint("x", "y", "NoExecute")),
                everything)).isEqualTo(RUN);
    }

    @Test
    void daemonPodsTolerateUpstreamsNodeConditionTaintsByDefault() {
        for (String key : new String[] {"node.kubernetes.io/unschedulable",
                "node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
                "node.kubernetes.io/pid-pressure"}) {
            assertThat(NodeEligibility.check(node(Map.of(), taint(key, null, "NoSchedule")),
                    plain())).as(key).isEqualTo(RUN);
        }
        assertThat(NodeEligibility.check(node(Map.of(),
                taint("node.kubernetes.io/not-ready", null, "NoExecute"),
                taint("node.kubernetes.io/unreachable", null, "NoExecute")), plain()))
                .isEqualTo(RUN);
        Taint network = taint("node.kubernetes.io/network-unavailable", null, "NoSchedule");
        assertThat(NodeEligibility.check(node(Map.of(), network), plain())).isEqualTo(KEEP);
        assertThat(NodeEligibility.check(node(Map.of(), network),
                new PodSpecBuilder(plain()).withHostNetwork(true).build())).isEqualTo(RUN);
    }

    @Test
    void nodeSelectorAndRequiredAffinityChooseTheNodes() {
        PodSpec ssd = new PodSpecBuilder(plain()).withNodeSelector(Map.of("disk", "ssd")).build();
        assertThat(NodeEligibility.check(node(Map.of("disk", "ssd")), ssd)).isEqualTo(RUN);
        assertThat(NodeEligibility.check(node(Map.of("disk", "hdd")), ssd)).isEqualTo(NONE);
        PodSpec zoned = new PodSpecBuilder(plain()).withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("zone").withOperator("NotIn")
                .withValues("z3").endMatchExpression().addNewMatchExpression().withKey("cpus")
                .withOperator("Gt").withValues("4").endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
                .endAffinity().build();
        assertThat(NodeEligibility.check(node(Map.of("zone", "z1", "cpus", "8")), zoned))
                .isEqualTo(RUN);
        assertThat(NodeEligibility.check(node(Map.of("zone", "z3", "cpus", "8")), zoned))
                .isEqualTo(NONE);
        assertThat(NodeEligibility.check(node(Map.of("zone", "z1", "cpus", "2")), zoned))
                .isEqualTo(NONE);
    }

    @Test
    void aPodIsPinnedToItsNodeThroughMatchFieldsKeepingTheTemplatesTerms() {
        var ds = new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace("ns")
                .withUid("u1").withGeneration(3L).endMetadata().withNewSpec()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "agent"))
                .endMetadata().withSpec(new PodSpecBuilder(plain()).withNewAffinity()
                        .withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .addNewNodeSelectorTerm().addNewMatchExpression().withKey("zone")
                        .withOperator("In").withValues("z1").endMatchExpression()
                        .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                        .endNodeAffinity().endAffinity().build())
                .endTemplate().endSpec().build();
        var pod = DaemonPods.newPod(ds, "n7", "abc");
        var term = pod.getSpec().getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()
                .getFirst();
        assertThat(term.getMatchExpressions()).hasSize(1);
        assertThat(term.getMatchFields().getFirst().getValues()).containsExactly("n7");
        assertThat(DaemonPods.nodeOf(pod)).isEqualTo("n7");
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("agent-");
        assertThat(pod.getMetadata().getLabels()).containsEntry("controller-revision-hash", "abc")
                .containsEntry("pod-template-generation", "3").containsEntry("app", "agent");
        assertThat(pod.getSpec().getTolerations()).extracting("key")
                .contains("node.kubernetes.io/not-ready", "node.kubernetes.io/unschedulable");
        // the lister's template is not changed by making a pod from it
        assertThat(ds.getSpec().getTemplate().getSpec().getTolerations()).isEmpty();
        assertThat(ds.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()
                .getFirst().getMatchFields()).isEmpty();
    }
}
