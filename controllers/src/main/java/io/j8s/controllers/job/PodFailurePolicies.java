package io.j8s.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A failed pod against a Job's {@code podFailurePolicy}: the first rule that matches decides
 * (FailJob, FailIndex, Ignore or Count), as upstream's matchPodFailurePolicy; no rule matching
 * counts the failure against the back-off limit.
 */
final class PodFailurePolicies {
    /** What the policy says of one failed pod; {@code message} explains a FailJob/FailIndex. */
    record Verdict(String action, String message) {
        static final Verdict COUNT = new Verdict("Count", null);
    }

    private static final List<String> ACTIONS = List.of("FailJob", "FailIndex", "Ignore",
            "Count");

    private PodFailurePolicies() {}

    static Verdict judge(PodFailurePolicy policy, Pod pod) {
        if (policy == null || policy.getRules() == null) {
            return Verdict.COUNT;
        }
        List<PodFailurePolicyRule> rules = policy.getRules();
        for (int i = 0; i < rules.size(); i++) {
            PodFailurePolicyRule rule = rules.get(i);
            if (!ACTIONS.contains(rule.getAction())) {
                continue; // an action this version does not know: skipped, as upstream asks
            }
            String matched = rule.getOnExitCodes() != null
                    ? exitCodes(rule.getOnExitCodes(), pod)
                    : conditions(rule.getOnPodConditions(), pod);
            if (matched != null) {
                String action = rule.getAction();
                String message = switch (action) {
                    case "FailJob", "FailIndex" -> matched + " matching " + action
                            + " rule at index " + i;
                    default -> null;
                };
                return new Verdict(action, message);
            }
        }
        return Verdict.COUNT;
    }

    private static String exitCodes(PodFailurePolicyOnExitCodesRequirement req, Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus().getContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getContainerStatuses());
        }
        if (pod.getStatus().getInitContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (!"In".equals(req.getOperator()) && !"NotIn".equals(req.getOperator())) {
            return null;
        }
        boolean in = "In".equals(req.getOperator());
        List<Integer> values = req.getValues() == null ? List.of() : req.getValues();
        for (ContainerStatus cs : statuses) {
            if (req.getContainerName() != null && !req.getContainerName().equals(cs.getName())) {
                continue;
            }
            if (cs.getState() == null || cs.getState().getTerminated() == null) {
                continue;
            }
            int code = cs.getState().getTerminated().getExitCode() == null ? 0
                    : cs.getState().getTerminated().getExitCode();
            if (code == 0) {
                continue;
            }
            if (values.contains(code) == in) {
                return "Container " + cs.getName() + " for pod "
                        + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
                        + " failed with exit code " + code;
            }
        }
        return null;
    }

    private static String conditions(List<PodFailurePolicyOnPodConditionsPattern> patterns,
            Pod pod) {
        if (patterns == null || pod.getStatus() == null
                || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodFailurePolicyOnPodConditionsPattern p : patterns) {
            String want = p.getStatus() == null ? "True" : p.getStatus();
            for (PodCondition c : pod.getStatus().getConditions()) {
                if (Objects.equals(c.getType(), p.getType()) && want.equals(c.getStatus())) {
                    return "Pod " + pod.getMetadata().getNamespace() + "/"
                            + pod.getMetadata().getName() + " has condition " + c.getType();
                }
            }
        }
        return null;
    }
}
