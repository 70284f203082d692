package io.j8s.apiserver.authn;

/**
 * Decides whether a user may perform a verb on a resource. The bootstrap authorizer below is all
 * j8s has until RBAC arrives; RBAC will widen the attributes (API group, namespace, name).
 */
public interface Authorizer {

    /**
     * @param verb the Kubernetes verb: get, list, watch, create, update, patch, delete, ...
     * @param resource the resource ({@code pods}, {@code deployments.apps}, {@code pods/log}) or,
     *     for a request outside the resource tree, its path ({@code /healthz})
     */
    boolean allowed(UserInfo user, String verb, String resource);

    /** Allows cluster admins (group system:masters) and j8s's own components; denies the rest. */
    static Authorizer bootstrap() {
        return new BootstrapAuthorizer();
    }
}
