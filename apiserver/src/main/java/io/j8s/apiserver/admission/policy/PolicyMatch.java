package io.j8s.apiserver.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.apiserver.admission.AdmissionRequest;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether a write falls under a policy's matchConstraints or a binding's matchResources:
 * resourceRules (groups, versions, resources, operations, scope, resourceNames) less
 * excludeResourceRules, namespaceSelector and objectSelector, against the request as it is;
 * matchPolicy Equivalent is the admission's to try at equivalent versions.
 */
final class PolicyMatch {
    private PolicyMatch() {}

    /** @param namespace the labels of the request's namespace object, read only if needed */
    static boolean matches(JsonNode match, AdmissionRequest r, Supplier<JsonNode> namespace,
            boolean requireRules) {
        if (io.j8s.apiserver.admission.AdmissionConfigurations.exempt(r)) {
            return false;
        }
        if (match == null || match.isMissingNode() || match.isNull()) {
            return !requireRules;
        }
        JsonNode rules = match.path("resourceRules");
        if (rules.size() > 0 && !anyRule(rules, r)) {
            return false;
        }
        if (rules.isEmpty() && requireRules) {
            return false;
        }
        if (anyRule(match.path("excludeResourceRules"), r)) {
            return false;
        }
        if (!selects(match.path("objectSelector"), labels(r.object()))
                && !selects(match.path("objectSelector"), labels(r.old()))) {
            return false;
        }
        JsonNode nsSelector = match.path("namespaceSelector");
        if (nsSelector.isObject() && !nsSelector.isEmpty()) {
            if (r.group().isEmpty() && r.plural().equals("namespaces")) {
                return selects(nsSelector, labels(r.object() != null ? r.object() : r.old()));
            }
            if (r.namespace() == null || r.namespace().isEmpty()) {
                return true; // cluster-scoped objects are not filtered by namespace
            }
            JsonNode ns = namespace.get();
            return selects(nsSelector, ns == null ? null : ns.path("metadata").path("labels"));
        }
        return true;
    }

    private static JsonNode labels(JsonNode o) {
        return o == null ? null : o.path("metadata").path("labels");
    }

    private static boolean anyRule(JsonNode rules, AdmissionRequest r) {
        for (JsonNode rule : rules) {
            if (rule(rule, r)) {
                return true;
            }
        }
        return false;
    }

    private static boolean rule(JsonNode rule, AdmissionRequest r) {
        String version = version(r);
        if (!contains(rule.path("apiGroups"), r.group())
                || !contains(rule.path("apiVersions"), version)
                || !contains(rule.path("operations"), r.operation().name())) {
            return false;
        }
        boolean resource = false;
        for (JsonNode res : rule.path("resources")) {
            String s = res.asText();
            resource |= s.equals("*") || s.equals(r.plural()) || s.equals("*/*");
        }
        if (!resource) {
            return false;
        }
        String scope = rule.path("scope").asText("*");
        boolean namespaced = r.namespace() != null && !r.namespace().isEmpty();
        if ((scope.equals("Cluster") && namespaced) || (scope.equals("Namespaced") && !namespaced)) {
            return false;
        }
        JsonNode names = rule.path("resourceNames");
        return names.isEmpty() || contains(names, r.name());
    }

    private static String version(AdmissionRequest r) {
        JsonNode o = r.object() != null ? r.object() : r.old();
        String apiVersion = o == null ? "" : o.path("apiVersion").asText("");
        int slash = apiVersion.indexOf('/');
        return slash >= 0 ? apiVersion.substring(slash + 1) : apiVersion;
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode n : list) {
            if (n.asText().equals("*") || n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** A label selector (matchLabels, matchExpressions) against labels; empty selects all. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || !selector.isObject() || selector.isEmpty()) {
            return true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.path("matchLabels").fields();
                it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (labels == null || !e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String key = expr.path("key").asText();
            boolean has = labels != null && labels.has(key);
            String value = has ? labels.path(key).asText() : null;
            boolean inValues = false;
            for (JsonNode v : expr.path("values")) {
                inValues |= v.asText().equals(value);
            }
            boolean ok = switch (expr.path("operator").asText()) {
                case "In" -> has && inValues;
                case "NotIn" -> !has || !inValues;
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
