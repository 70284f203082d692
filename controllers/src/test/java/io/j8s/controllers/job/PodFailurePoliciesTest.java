package io.j8s.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import org.junit.jupiter.api.Test;

class PodFailurePoliciesTest {
    private static Pod failed(String container, int code, String condition) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns")
                .endMetadata().withNewStatus().withPhase("Failed").addNewContainerStatus()
                .withName("sidecar").withNewState().withNewTerminated().withExitCode(0)
                .endTerminated().endState().endContainerStatus().addNewContainerStatus()
                .withName(container).withNewState().withNewTerminated().withExitCode(code)
                .endTerminated().endState().endContainerStatus().endStatus();
        if (condition != null) {
            b.editStatus().addNewCondition().withType(condition).withStatus("True")
                    .endCondition().endStatus();
        }
        return b.build();
    }

    private static final PodFailurePolicy POLICY = new PodFailurePolicyBuilder()
            .addNewRule().withAction("Unknown").withNewOnExitCodes().withOperator("In")
            .withValues(3).endOnExitCodes().endRule()
            .addNewRule().withAction("FailJob").withNewOnExitCodes().withContainerName("main")
            .withOperator("In").withValues(3, 42).endOnExitCodes().endRule()
            .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget")
            .withStatus("True").endOnPodCondition().endRule()
            .addNewRule().withAction("Count").withNewOnExitCodes().withOperator("NotIn")
            .withValues(1).endOnExitCodes().endRule()
            .build();

    @Test
    void theFirstMatchingRuleDecidesAndUnknownActionsAreSkipped() {
        var failJob = PodFailurePolicies.judge(POLICY, failed("main", 3, null));
        assertThat(failJob.action()).isEqualTo("FailJob");
        assertThat(failJob.message()).isEqualTo("Container main for pod ns/p failed with exit"
                + " code 3 matching FailJob rule at index 1");
        assertThat(PodFailurePolicies.judge(POLICY, failed("other", 42, null)).action())
                .isEqualTo("Count");
        assertThat(PodFailurePolicies.judge(POLICY, failed("main", 137, "DisruptionTarget"))
                .action()).isEqualTo("Ignore");
        // exit code 1 matches no rule (exit code 0 of the sidecar never matches NotIn)
        assertThat(PodFailurePolicies.judge(POLICY, failed("main", 1, null)))
                .isEqualTo(PodFailurePolicies.Verdict.COUNT);
        assertThat(PodFailurePolicies.judge(null, failed("main", 42, null)))
                .isEqualTo(PodFailurePolicies.Verdict.COUNT);
    }
}
