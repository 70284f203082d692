package io.j8s.apiserver.authn;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Authorization before RBAC: members of {@code system:masters} and the identities of j8s's own
 * components (the control plane's users and every node, {@code system:node:<name>} in group
 * {@code system:nodes}) may do everything; every other user, anonymous ones included, may only
 * ask what it is and what it may do (the self reviews that upstream's {@code system:basic-user}
 * role grants every authenticated user), read discovery and OpenAPI when authenticated
 * (upstream's {@code system:discovery}) and read the health and version endpoints (upstream's
 * {@code system:public-info-viewer}). Members of {@code system:bootstrappers} (a joining node's
 * bootstrap token) may besides create CertificateSigningRequests and get, list and watch them,
 * what upstream's {@code system:node-bootstrapper} role grants, and nothing else. Service
 * accounts may read the issuer discovery documents (upstream's
 * {@code system:service-account-issuer-discovery}).
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

    static final String BOOTSTRAPPERS = "system:bootstrappers";
    static final String SERVICE_ACCOUNTS = "system:serviceaccounts";
    private static final Set<String> ISSUER_DISCOVERY = Set.of(
            "/.well-known/openid-configuration", "/openid/v1/jwks");
    private static final Set<String> BOOTSTRAPPER_VERBS = Set.of("create", "get", "list", "watch");
    static final Set<String> SELF_REVIEWS = Set.of("selfsubjectreviews",
            "selfsubjectaccessreviews", "selfsubjectrulesreviews");
    private static final List<String> DISCOVERY = List.of("/api", "/apis", "/openapi");
    private static final Set<String> REVIEW_GROUPS = Set.of("authentication.k8s.io",
            "authorization.k8s.io");

    @Override
    public boolean allowed(Attributes a) {
        if (privileged(a.user())) {
            return true;
        }
        if (!a.resourceRequest()) {
            if (a.verb().equals("get") && ISSUER_DISCOVERY.contains(a.path())
                    && a.user().groups().contains(SERVICE_ACCOUNTS)) {
                return true; // upstream's system:service-account-issuer-discovery
            }
            return a.verb().equals("get") && (PublicInfo.covers(a.path())
                    || a.user().groups().contains(UserInfo.AUTHENTICATED)
                            && discovery(a.path()));
        }
        if (bootstrapper(a.user()) && a.apiGroup().equals("certificates.k8s.io")
                && a.resource().equals("certificatesigningrequests") && a.subresource().isEmpty()
                && BOOTSTRAPPER_VERBS.contains(a.verb())) {
            return true;
        }
        return a.verb().equals("create") && SELF_REVIEWS.contains(a.resource())
                && REVIEW_GROUPS.contains(a.apiGroup()) && a.subresource().isEmpty()
                && a.user().groups().contains(UserInfo.AUTHENTICATED);
    }

    /** What upstream's system:discovery role reads: /api, /apis, /openapi and below. */
    private static boolean discovery(String path) {
        return DISCOVERY.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    @Override
    public Rules rules(UserInfo user, String namespace) {
        if (privileged(user)) {
            return Rules.EVERYTHING;
        }
        List<ResourceRule> resources = new ArrayList<>();
        if (bootstrapper(user)) {
            resources.add(new ResourceRule(List.of("create", "get", "list", "watch"),
                    List.of("certificates.k8s.io"), List.of("certificatesigningrequests"),
                    List.of()));
        }
        resources.add(new ResourceRule(List.of("create"),
                List.of("authentication.k8s.io", "authorization.k8s.io"),
                SELF_REVIEWS.stream().sorted().toList(), List.of()));
        return new Rules(resources,
                List.of(new NonResourceRule(List.of("get"), List.of("/api", "/api/*", "/apis",
                        "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz",
                        "/version", "/version/"))), false);
    }

    private static boolean bootstrapper(UserInfo user) {
        return user.groups().contains(BOOTSTRAPPERS);
    }

    private static boolean privileged(UserInfo user) {
        if (user.groups().contains(MASTERS) || COMPONENTS.contains(user.name())) {
            return true;
        }
        return user.name().startsWith(NODE_PREFIX) && user.name().length() > NODE_PREFIX.length()
                && user.groups().contains(NODES);
    }
}
