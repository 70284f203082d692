package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Upstream's validation of a webhook's rules and matchConditions. */
final class WebhookRuleValidation {
    private WebhookRuleValidation() {}

    static void rule(JsonNode rule, FieldPath path, List<StatusCause> causes) {
        JsonNode ops = rule.path("operations");
        if (ops.size() == 0) {
            causes.add(Causes.required(path.child("operations"), ""));
        }
        boolean star = false;
        int i = 0;
        for (JsonNode op : ops) {
            FieldPath at = path.child("operations").index(i++);
            star |= op.asText().equals("*");
            if (!WebhookConfigurationValidation.knownOperation(op.asText())) {
                causes.add(Causes.notSupported(at, op.asText(),
                        WebhookConfigurationValidation.operations()));
            }
        }
        if (star && ops.size() > 1) {
            causes.add(Causes.invalid(path.child("operations"), ops.toString(),
                    "if '*' is present, must not specify other operations"));
        }
        list(rule.path("apiGroups"), path.child("apiGroups"), false, causes);
        list(rule.path("apiVersions"), path.child("apiVersions"), true, causes);
        JsonNode resources = rule.path("resources");
        if (resources.size() == 0) {
            causes.add(Causes.required(path.child("resources"), ""));
        }
        i = 0;
        for (JsonNode r : resources) {
            FieldPath at = path.child("resources").index(i++);
            String res = r.asText();
            if (res.isEmpty()) {
                causes.add(Causes.required(at, ""));
            } else if (res.split("/", -1).length > 2) {
                causes.add(Causes.invalid(at, res, "resource cannot have more than one slash"));
            }
        }
        String scope = rule.path("scope").asText("*");
        List<String> scopes = List.of("*", "Cluster", "Namespaced");
        if (!scopes.contains(scope)) {
            causes.add(Causes.notSupported(path.child("scope"), scope, scopes));
        }
    }

    private static void list(JsonNode values, FieldPath path, boolean nonEmpty,
            List<StatusCause> causes) {
        if (values.size() == 0) {
            causes.add(Causes.required(path, ""));
        }
        boolean star = false;
        int i = 0;
        for (JsonNode v : values) {
            star |= v.asText().equals("*");
            if (nonEmpty && v.asText().isEmpty()) {
                causes.add(Causes.required(path.index(i), ""));
            }
            i++;
        }
        if (star && values.size() > 1) {
            causes.add(Causes.invalid(path, values.toString(),
                    "if '*' is present, must not specify other " + path.toString()
                            .substring(path.toString().lastIndexOf('.') + 1)));
        }
    }

    static void matchConditions(JsonNode conditions, FieldPath path, List<StatusCause> causes) {
        if (conditions.size() > 64) {
            causes.add(Causes.tooMany(path, conditions.size(), 64));
        }
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode c : conditions) {
            FieldPath at = path.index(i++);
            String name = c.path("name").asText("");
            if (name.isEmpty()) {
                causes.add(Causes.required(at.child("name"), ""));
            } else if (!names.add(name)) {
                causes.add(Causes.duplicate(at.child("name"), name));
            }
            String expression = c.path("expression").asText("");
            if (expression.isBlank()) {
                causes.add(Causes.required(at.child("expression"), ""));
                continue;
            }
            String error = MatchConditionsCel.compileError(expression);
            if (!error.isEmpty()) {
                causes.add(Causes.invalid(at.child("expression"), expression, error));
            }
        }
    }
}
