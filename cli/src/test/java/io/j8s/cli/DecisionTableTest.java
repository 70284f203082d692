package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class DecisionTableTest {
    @Test
    void aBoundPodShowsTheFiltersAndTheTopCandidatesScores() {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("default").withName("web")
                .addToAnnotations(DecisionTable.DECISION, "{\"profile\":\"default-scheduler\",\"node\":\"n1\","
                        + "\"nodes\":3,\"evaluated\":3,\"feasible\":2,\"filters\":{\"TaintToleration\":"
                        + "{\"rejected\":1,\"reasons\":{\"node(s) had untolerated taint {k: v}\":1}}},"
                        + "\"top\":[{\"node\":\"n1\",\"total\":350,\"scores\":{\"NodeResourcesFit\":75,"
                        + "\"TaintToleration\":300}},{\"node\":\"n2\",\"total\":340,\"scores\":"
                        + "{\"NodeResourcesFit\":40,\"TaintToleration\":300}}]}")
                .endMetadata().withNewSpec().withNodeName("n1").endSpec().build();
        assertThat(DecisionTable.render(pod)).isEqualTo("""
                Pod default/web: bound to n1
                Profile default-scheduler: 3 nodes, 3 evaluated, 2 feasible

                FILTER            REJECTED   REASONS
                TaintToleration   1          1 node(s) had untolerated taint {k: v}

                Top candidates (scores are weighted; the first was chosen):
                CANDIDATE   TOTAL   NodeResourcesFit   TaintToleration
                n1          350     75                 300
                n2          340     40                 300
                """);
    }

    @Test
    void aPendingPodShowsTheLastAttemptsVerdictPerNode() {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("default").withName("big")
                .addToAnnotations(DecisionTable.LAST_ATTEMPT, "{\"profile\":\"default-scheduler\","
                        + "\"nodes\":2,\"evaluated\":2,\"message\":\"m\",\"filters\":{\"NodeResourcesFit\":"
                        + "{\"rejected\":2,\"reasons\":{\"Insufficient cpu\":2}}},\"verdicts\":["
                        + "{\"node\":\"n1\",\"plugin\":\"NodeResourcesFit\",\"reason\":\"Insufficient cpu\"},"
                        + "{\"node\":\"n2\",\"plugin\":\"NodeResourcesFit\",\"reason\":\"Insufficient cpu\"}]}")
                .endMetadata().withNewSpec().endSpec().withNewStatus().addNewCondition()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/2 nodes are available: 2 Insufficient cpu.").endCondition().endStatus().build();
        assertThat(DecisionTable.render(pod)).isEqualTo("""
                Pod default/big: pending (PodScheduled=False Unschedulable)
                0/2 nodes are available: 2 Insufficient cpu.
                Last attempt, profile default-scheduler: 2 nodes, 2 rejected

                FILTER             REJECTED   REASONS
                NodeResourcesFit   2          2 Insufficient cpu

                NODE   PLUGIN             REASON
                n1     NodeResourcesFit   Insufficient cpu
                n2     NodeResourcesFit   Insufficient cpu
                """);
    }
}
