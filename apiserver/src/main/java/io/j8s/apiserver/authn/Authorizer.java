package io.j8s.apiserver.authn;

import java.util.List;

/**
 * Decides whether a request may go ahead, from upstream's attributes (user, verb, API group,
 * namespace, resource, subresource, name, or the path of a non-resource request). The modes of
 * {@code --authorization-mode} are built by {@link AuthorizationModes}.
 */
@FunctionalInterface
public interface Authorizer {

    boolean allowed(Attributes request);

    /**
     * What {@code user} may do in {@code namespace}, as SelfSubjectRulesReview reports it; an
     * authorizer that cannot list its rules says nothing and marks the answer incomplete.
     */
    default Rules rules(UserInfo user, String namespace) {
        return new Rules(List.of(), List.of(), true);
    }

    /**
     * Rules in RBAC's shape: {@code resourceRules} of verbs, API groups, resources and resource
     * names; {@code nonResourceRules} of verbs and URL paths; {@code incomplete} when the
     * authorizer cannot list everything it would allow.
     */
    record Rules(List<ResourceRule> resourceRules, List<NonResourceRule> nonResourceRules,
            boolean incomplete) {
        public static final Rules NONE = new Rules(List.of(), List.of(), false);
        public static final Rules EVERYTHING = new Rules(
                List.of(new ResourceRule(List.of("*"), List.of("*"), List.of("*"), List.of())),
                List.of(new NonResourceRule(List.of("*"), List.of("*"))), false);
    }

    record ResourceRule(List<String> verbs, List<String> apiGroups, List<String> resources,
            List<String> resourceNames) {}

    record NonResourceRule(List<String> verbs, List<String> nonResourceURLs) {}

    /**
     * Allows cluster admins (group system:masters) and j8s's own components everything, everybody
     * the self reviews and the health and version endpoints; denies the rest.
     */
    static Authorizer bootstrap() {
        return new BootstrapAuthorizer();
    }

    /** Upstream's {@code AlwaysAllow}: every request, even an anonymous one. */
    static Authorizer alwaysAllow() {
        return new Authorizer() {
            @Override
            public boolean allowed(Attributes request) {
                return true;
            }

            @Override
            public Rules rules(UserInfo user, String namespace) {
                return Rules.EVERYTHING;
            }
        };
    }

    /** Upstream's {@code AlwaysDeny}: no request at all. */
    static Authorizer alwaysDeny() {
        return new Authorizer() {
            @Override
            public boolean allowed(Attributes request) {
                return false;
            }

            @Override
            public Rules rules(UserInfo user, String namespace) {
                return Rules.NONE;
            }
        };
    }
}
