package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.errors.StatusException;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Job's {@code podFailurePolicy}: known actions (FailIndex only with backoffLimitPerIndex),
 * exactly one of onExitCodes and onPodConditions per rule, exit code values that are present,
 * ordered, unique and not 0 for In, and a template that never restarts its pods.
 */
final class PodFailurePolicyValidation {
    private static final List<String> ACTIONS = List.of("Count", "FailIndex", "FailJob",
            "Ignore");
    private static final List<String> OPERATORS = List.of("In", "NotIn");
    private static final List<String> STATUSES = List.of("False", "True", "Unknown");

    private PodFailurePolicyValidation() {}

    static void validate(JsonNode spec, FieldPath path, List<StatusCause> causes) {
        JsonNode policy = spec.path("podFailurePolicy");
        if (!policy.isObject()) {
            return;
        }
        FieldPath policyPath = path.child("podFailurePolicy");
        String restart = spec.path("template").path("spec").path("restartPolicy").asText("");
        if (!restart.isEmpty() && !restart.equals("Never")) {
            causes.add(Causes.invalid(path.child("template").child("spec")
                    .child("restartPolicy"), restart,
                    "only \"Never\" is supported when podFailurePolicy is specified"));
        }
        JsonNode rules = policy.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            rule(spec, rules.get(i), policyPath.child("rules").index(i), causes);
        }
    }

    private static void rule(JsonNode spec, JsonNode rule, FieldPath path,
            List<StatusCause> causes) {
        String action = rule.path("action").asText("");
        FieldPath actionPath = path.child("action");
        if (action.isEmpty()) {
            causes.add(Causes.required(actionPath, "valid values: [\"Count\" \"FailIndex\""
                    + " \"FailJob\" \"Ignore\"]"));
        } else if (action.equals("FailIndex")) {
            if (!spec.path("backoffLimitPerIndex").isNumber()) {
                causes.add(Causes.invalid(actionPath, action,
                        "requires the backoffLimitPerIndex to be set"));
            }
        } else if (!ACTIONS.contains(action)) {
            causes.add(Causes.notSupported(actionPath, action, ACTIONS));
        }
        JsonNode exitCodes = rule.get("onExitCodes");
        JsonNode conditions = rule.path("onPodConditions");
        boolean hasExitCodes = exitCodes != null && exitCodes.isObject();
        boolean hasConditions = conditions.isArray() && !conditions.isEmpty();
        if (hasExitCodes) {
            exitCodes(exitCodes, path.child("onExitCodes"), causes);
        }
        for (int i = 0; hasConditions && i < conditions.size(); i++) {
            FieldPath statusPath = path.child("onPodConditions").index(i).child("status");
            String status = conditions.get(i).path("status").asText("");
            if (status.isEmpty()) {
                causes.add(Causes.required(statusPath, "valid values: [\"False\" \"True\""
                        + " \"Unknown\"]"));
            } else if (!STATUSES.contains(status)) {
                causes.add(Causes.notSupported(statusPath, status, STATUSES));
            }
        }
        if (hasExitCodes && hasConditions) {
            causes.add(StatusException.cause(Causes.INVALID, path.value(), "Invalid value:"
                    + " specifying both OnExitCodes and OnPodConditions is not supported"));
        }
        if (!hasExitCodes && !hasConditions) {
            causes.add(StatusException.cause(Causes.INVALID, path.value(), "Invalid value:"
                    + " specifying one of OnExitCodes and OnPodConditions is required"));
        }
    }

    private static void exitCodes(JsonNode req, FieldPath path, List<StatusCause> causes) {
        String operator = req.path("operator").asText("");
        if (operator.isEmpty()) {
            causes.add(Causes.required(path.child("operator"), "valid values: [\"In\""
                    + " \"NotIn\"]"));
        } else if (!OPERATORS.contains(operator)) {
            causes.add(Causes.notSupported(path.child("operator"), operator, OPERATORS));
        }
        JsonNode values = req.path("values");
        FieldPath valuesPath = path.child("values");
        if (!values.isArray() || values.isEmpty()) {
            causes.add(Causes.invalid(valuesPath, new Causes.GoValue("[]int32(nil)"),
                    "at least one value is required"));
            return;
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            int v = values.get(i).asInt();
            if (!seen.add(v)) {
                causes.add(Causes.duplicate(valuesPath.index(i), new Causes.GoValue(
                        Integer.toString(v))));
            }
            if (operator.equals("In") && v == 0) {
                causes.add(Causes.invalid(valuesPath.index(i), new Causes.GoValue("0"),
                        "must not be 0 for the In operator"));
            }
            if (i > 0 && values.get(i - 1).asInt() > v) {
                causes.add(Causes.invalid(valuesPath.index(i), new Causes.GoValue(
                        Integer.toString(v)), "must be ordered"));
            }
        }
    }
}
