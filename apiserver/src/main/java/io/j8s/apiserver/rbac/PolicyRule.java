package io.j8s.apiserver.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.apiserver.authn.Attributes;
import java.util.ArrayList;
import java.util.List;

/**
 * One rule of a Role or ClusterRole, matched as upstream's {@code RuleAllows}: verbs, API groups
 * and resources ({@code "*"}, {@code pods/log}, {@code * /scale} for a subresource of any
 * resource), resource names (none: every name), or non-resource URLs (a trailing {@code *} is a
 * prefix).
 */
record PolicyRule(List<String> verbs, List<String> apiGroups, List<String> resources,
        List<String> resourceNames, List<String> nonResourceURLs) {

    static PolicyRule of(JsonNode rule) {
        return new PolicyRule(strings(rule.path("verbs")), strings(rule.path("apiGroups")),
                strings(rule.path("resources")), strings(rule.path("resourceNames")),
                strings(rule.path("nonResourceURLs")));
    }

    static List<PolicyRule> of(JsonNode role, String field) {
        List<PolicyRule> rules = new ArrayList<>();
        role.path(field).forEach(r -> rules.add(of(r)));
        return List.copyOf(rules);
    }

    boolean allows(Attributes a) {
        if (!has(verbs, a.verb())) {
            return false;
        }
        if (!a.resourceRequest()) {
            return nonResourceMatches(nonResourceURLs, a.path());
        }
        return has(apiGroups, a.apiGroup())
                && resourceMatches(resources, a.resource(), a.subresource())
                && (resourceNames.isEmpty() || resourceNames.contains(a.name()));
    }

    static boolean has(List<String> values, String wanted) {
        for (String v : values) {
            if (v.equals("*") || v.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    static boolean resourceMatches(List<String> rules, String resource, String subresource) {
        String combined = subresource.isEmpty() ? resource : resource + "/" + subresource;
        for (String r : rules) {
            if (r.equals("*") || r.equals(combined)
                    || !subresource.isEmpty() && r.equals("*/" + subresource)) {
                return true;
            }
        }
        return false;
    }

    static boolean nonResourceMatches(List<String> rules, String path) {
        for (String r : rules) {
            if (r.equals("*") || r.equals(path)
                    || r.endsWith("*") && path.startsWith(r.substring(0, r.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** Upstream's compact form: {@code {APIGroups:[""], Resources:["pods"], Verbs:["get"]}}. */
    String compact() {
        StringBuilder s = new StringBuilder("{");
        List<String> parts = new ArrayList<>();
        if (!apiGroups.isEmpty() || !resources.isEmpty()) {
            parts.add("APIGroups:" + quoted(apiGroups));
            parts.add("Resources:" + quoted(resources));
        }
        if (!resourceNames.isEmpty()) {
            parts.add("ResourceNames:" + quoted(resourceNames));
        }
        if (!nonResourceURLs.isEmpty()) {
            parts.add("NonResourceURLs:" + quoted(nonResourceURLs));
        }
        parts.add("Verbs:" + quoted(verbs));
        return s.append(String.join(", ", parts)).append("}").toString();
    }

    static String quoted(List<String> values) {
        List<String> q = values.stream().map(v -> "\"" + v + "\"").toList();
        return "[" + String.join(" ", q) + "]";
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }
}
