package io.j8s.apiserver.authn;

import java.util.List;

/**
 * Decides whether a user may perform a verb on a resource. The bootstrap authorizer below is all
 * j8s has until RBAC arrives; RBAC will widen the attributes (API group, namespace, name).
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * @param verb the Kubernetes verb: get, list, watch, create, update, patch, delete, ...
     * @param resource the resource ({@code pods}, {@code deployments.apps}, {@code pods/log}) or,
     *     for a request outside the resource tree, its path ({@code /healthz})
     */
    boolean allowed(UserInfo user, String verb, String resource);

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

    /** Allows cluster admins (group system:masters) and j8s's own components; denies the rest. */
    static Authorizer bootstrap() {
        return new BootstrapAuthorizer();
    }
}
