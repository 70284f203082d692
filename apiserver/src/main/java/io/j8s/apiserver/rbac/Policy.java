package io.j8s.apiserver.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.authn.UserInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable snapshot of the RBAC objects, indexed for a request: bindings by subject
 * ({@code u:NAME} for users and service accounts, {@code g:NAME} for groups), role bindings by
 * namespace first, and the rules of every role by name. A binding to a missing role grants
 * nothing.
 */
final class Policy {
    static final Policy EMPTY = new Policy(List.of(), List.of(), List.of(), List.of());
    static final String SA_PREFIX = "system:serviceaccount:";

    private final Map<String, List<PolicyRule>> clusterRoles = new HashMap<>();
    private final Map<String, List<PolicyRule>> roles = new HashMap<>();
    private final Map<String, List<RoleRef>> clusterBindings = new HashMap<>();
    private final Map<String, Map<String, List<RoleRef>>> roleBindings = new HashMap<>();

    /** What a binding points at: {@code kind} Role or ClusterRole. */
    record RoleRef(String kind, String name, String namespace) {}

    Policy(Collection<ObjectNode> clusterRoles, Collection<ObjectNode> roles,
            Collection<ObjectNode> clusterBindings, Collection<ObjectNode> roleBindings) {
        for (ObjectNode r : clusterRoles) {
            this.clusterRoles.put(name(r), PolicyRule.of(r, "rules"));
        }
        for (ObjectNode r : roles) {
            this.roles.put(namespace(r) + "/" + name(r), PolicyRule.of(r, "rules"));
        }
        for (ObjectNode b : clusterBindings) {
            index(b, "", this.clusterBindings);
        }
        for (ObjectNode b : roleBindings) {
            index(b, namespace(b), roleBindings(namespace(b)));
        }
    }

    private Map<String, List<RoleRef>> roleBindings(String namespace) {
        return roleBindings.computeIfAbsent(namespace, n -> new HashMap<>());
    }

    private static void index(ObjectNode binding, String namespace,
            Map<String, List<RoleRef>> into) {
        JsonNode ref = binding.path("roleRef");
        RoleRef roleRef = new RoleRef(ref.path("kind").asText(""), ref.path("name").asText(""),
                namespace);
        for (JsonNode s : binding.path("subjects")) {
            String key = subjectKey(s, namespace);
            if (key != null) {
                into.computeIfAbsent(key, k -> new ArrayList<>()).add(roleRef);
            }
        }
    }

    /** The key a subject is indexed under, as upstream's {@code appliesToUser} matches it. */
    static String subjectKey(JsonNode subject, String bindingNamespace) {
        String name = subject.path("name").asText("");
        return switch (subject.path("kind").asText("")) {
            case "User" -> "u:" + name;
            case "Group" -> "g:" + name;
            case "ServiceAccount" -> {
                String ns = subject.path("namespace").asText(bindingNamespace);
                yield ns.isEmpty() ? null : "u:" + SA_PREFIX + ns + ":" + name;
            }
            default -> null;
        };
    }

    /** The rules of the role a binding names; empty for a missing role. */
    List<PolicyRule> rules(RoleRef ref) {
        List<PolicyRule> rules = ref.kind().equals("ClusterRole") ? clusterRoles.get(ref.name())
                : ref.kind().equals("Role") ? roles.get(ref.namespace() + "/" + ref.name())
                        : null;
        return rules == null ? List.of() : rules;
    }

    List<PolicyRule> clusterRole(String name) {
        return clusterRoles.getOrDefault(name, List.of());
    }

    List<PolicyRule> role(String namespace, String name) {
        return roles.getOrDefault(namespace + "/" + name, List.of());
    }

    /**
     * Visits the rules that apply to {@code user} in {@code namespace} (cluster-wide bindings
     * first, then the namespace's role bindings; none of those when the namespace is empty);
     * stops when the visitor returns true.
     */
    boolean visit(UserInfo user, String namespace, java.util.function.Predicate<PolicyRule> v) {
        List<String> keys = keys(user);
        if (visit(clusterBindings, keys, v)) {
            return true;
        }
        if (!namespace.isEmpty()) {
            Map<String, List<RoleRef>> bound = roleBindings.get(namespace);
            return bound != null && visit(bound, keys, v);
        }
        return false;
    }

    private boolean visit(Map<String, List<RoleRef>> bindings, List<String> keys,
            java.util.function.Predicate<PolicyRule> v) {
        for (String k : keys) {
            List<RoleRef> refs = bindings.get(k);
            if (refs == null) {
                continue;
            }
            for (RoleRef ref : refs) {
                for (PolicyRule rule : rules(ref)) {
                    if (v.test(rule)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> keys(UserInfo user) {
        List<String> keys = new ArrayList<>(user.groups().size() + 1);
        keys.add("u:" + user.name());
        for (String g : user.groups()) {
            keys.add("g:" + g);
        }
        return keys;
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText("");
    }

    static String namespace(JsonNode o) {
        return o.path("metadata").path("namespace").asText("");
    }
}
