package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.apiserver.admission.AdmissionConfigurations;
import io.j8s.apiserver.admission.AdmissionRequest;

/**
 * Upstream's RuleWithOperations match: operations, apiGroups, apiVersions, resources (with
 * {@code *}, {@code * / *}, {@code pods/status}, {@code pods/*}, {@code * /status}) and scope.
 */
final class RuleMatch {
    private RuleMatch() {}

    static boolean any(Webhook hook, AdmissionRequest r) {
        if (AdmissionConfigurations.exempt(r)) {
            return false;
        }
        for (JsonNode rule : hook.rules()) {
            if (matches(rule, r)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(JsonNode rule, AdmissionRequest r) {
        return contains(rule.path("operations"), r.operation().name())
                && contains(rule.path("apiGroups"), r.group())
                && contains(rule.path("apiVersions"), r.version())
                && resource(rule.path("resources"), r.plural(), r.subresource())
                && scope(rule.path("scope").asText("*"), r);
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asText().equals("*") || v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean resource(JsonNode resources, String plural, String subresource) {
        for (JsonNode v : resources) {
            String want = v.asText();
            int slash = want.indexOf('/');
            String res = slash < 0 ? want : want.substring(0, slash);
            String sub = slash < 0 ? "" : want.substring(slash + 1);
            if (slash < 0 && !subresource.isEmpty()) {
                continue; // "pods" and "*" name the object itself, never a subresource
            }
            if ((res.equals("*") || res.equals(plural))
                    && (sub.equals("*") || sub.equals(subresource))) {
                return true;
            }
        }
        return false;
    }

    private static boolean scope(String scope, AdmissionRequest r) {
        boolean namespaced = r.namespace() != null;
        return switch (scope) {
            case "Cluster" -> !namespaced;
            case "Namespaced" -> namespaced;
            default -> true;
        };
    }
}
