package io.j8s.apiserver.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.authn.Attributes;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.registry.WriteCheck;
import java.util.List;
import java.util.Objects;

/**
 * Upstream's escalation prevention on RBAC writes: a Role or ClusterRole may only grant rules
 * its writer holds, unless the writer may {@code escalate} roles; a binding may only bind a role
 * whose rules its writer holds, unless the writer may {@code bind} that role. Members of
 * {@code system:masters} pass, as upstream.
 */
final class Escalation implements WriteCheck {
    static final String GROUP = "rbac.authorization.k8s.io";

    private final RbacAuthorizer rbac;
    private final Authorizer chain;

    Escalation(RbacAuthorizer rbac, Authorizer chain) {
        this.rbac = rbac;
        this.chain = chain;
    }

    @Override
    public void check(ResourceType type, String subresource, ObjectNode object, ObjectNode old,
            UserInfo user) {
        if (!type.group().equals(GROUP) || !subresource.isEmpty()
                || user.groups().contains("system:masters")) {
            return;
        }
        switch (type.plural()) {
            case "roles", "clusterroles" -> checkRole(type, object, old, user);
            case "rolebindings", "clusterrolebindings" -> checkBinding(type, object, old, user);
            default -> { }
        }
    }

    private void checkRole(ResourceType type, ObjectNode role, ObjectNode old, UserInfo user) {
        if (old != null && Objects.equals(role.path("rules"), old.path("rules"))) {
            return;
        }
        String namespace = Policy.namespace(role);
        if (chain.allowed(Attributes.resource(user, "escalate", GROUP, "v1", namespace,
                type.plural(), "", Policy.name(role)))) {
            return;
        }
        confirmHeld(type, role, PolicyRule.of(role, "rules"), namespace, user);
    }

    private void checkBinding(ResourceType type, ObjectNode binding, ObjectNode old,
            UserInfo user) {
        if (old != null && Objects.equals(binding.path("roleRef"), old.path("roleRef"))) {
            return;
        }
        String namespace = Policy.namespace(binding);
        JsonNode ref = binding.path("roleRef");
        String kind = ref.path("kind").asText("");
        String name = ref.path("name").asText("");
        String plural = kind.equals("Role") ? "roles" : "clusterroles";
        if (chain.allowed(Attributes.resource(user, "bind", GROUP, "v1", namespace, plural, "",
                name))) {
            return;
        }
        Policy policy = rbac.policy();
        List<PolicyRule> rules = kind.equals("Role") ? policy.role(namespace, name)
                : policy.clusterRole(name);
        confirmHeld(type, binding, rules, namespace, user);
    }

    private void confirmHeld(ResourceType type, ObjectNode object, List<PolicyRule> wanted,
            String namespace, UserInfo user) {
        List<PolicyRule> missing = Coverage.missing(rbac.rulesFor(user, namespace), wanted);
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder why = new StringBuilder("user \"").append(user.name())
                .append("\" (groups=").append(PolicyRule.quoted(user.groups()))
                .append(") is attempting to grant RBAC permissions not currently held:");
        for (PolicyRule r : missing) {
            why.append('\n').append(r.compact());
        }
        String resource = type.plural() + "." + GROUP;
        throw StatusException.forbidden(resource + " \"" + Policy.name(object)
                + "\" is forbidden: " + why);
    }
}
