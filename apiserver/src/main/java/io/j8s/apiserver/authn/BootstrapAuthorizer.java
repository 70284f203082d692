package io.j8s.apiserver.authn;

import java.util.Set;

/**
 * Authorization before RBAC: members of {@code system:masters} and the identities of j8s's own
 * components (the control plane's users and every node, {@code system:node:<name>} in group
 * {@code system:nodes}) may do everything; every other user is denied.
 */
final class BootstrapAuthorizer implements Authorizer {
    static final String MASTERS = "system:masters";
    static final String NODES = "system:nodes";
    static final String NODE_PREFIX = "system:node:";
    static final Set<String> COMPONENTS = Set.of(
            "system:apiserver",
            "system:kube-scheduler",
            "system:kube-controller-manager",
            "system:kube-proxy",
            "system:cloud-controller-manager",
            "system:kube-dns");

    @Override
    public boolean allowed(UserInfo user, String verb, String resource) {
        if (user.groups().contains(MASTERS) || COMPONENTS.contains(user.name())) {
            return true;
        }
        return user.name().startsWith(NODE_PREFIX) && user.name().length() > NODE_PREFIX.length()
                && user.groups().contains(NODES);
    }
}
