package io.j8s.apiserver.rbac;

import io.j8s.apiserver.authn.Attributes;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.registry.Registries;
import java.util.List;
import java.util.Set;

/**
 * Upstream's Node authorizer, for users {@code system:node:NAME} in group {@code system:nodes}:
 * secrets, configmaps, claims, volumes, service accounts and resource claims only when a pod bound
 * to the node references them ({@link NodeGraph}), a token only for such a service account, only
 * the node's own Lease and CSINode; the rest of what {@code system:node} grants as is. Other
 * users: no opinion (denied here, asked of the next authorizer).
 */
public final class NodeAuthorizer implements Authorizer, AutoCloseable {
    static final String NODES = "system:nodes";
    static final String PREFIX = "system:node:";
    private static final Set<String> GRAPHED = Set.of("secrets", "configmaps",
            "persistentvolumeclaims", "persistentvolumes", "serviceaccounts");

    private final List<PolicyRule> rules = NodeRules.RULES.stream().map(PolicyRule::of).toList();
    private final Reflector pods;
    private final Reflector claims;
    private volatile boolean stale = true;
    private volatile NodeGraph graph = NodeGraph.EMPTY;

    public NodeAuthorizer(Registries registries) {
        Runnable changed = () -> stale = true;
        pods = new Reflector(registries.find("", "v1", "pods").orElseThrow(), changed).start();
        claims = new Reflector(registries.find("", "v1", "persistentvolumeclaims").orElseThrow(),
                changed).start();
    }

    /** The node a user is, or null when it is not a node's identity. */
    static String nodeName(UserInfo user) {
        if (!user.groups().contains(NODES) || !user.name().startsWith(PREFIX)) {
            return null;
        }
        String name = user.name().substring(PREFIX.length());
        return name.isEmpty() ? null : name;
    }

    NodeGraph graph() {
        if (stale) {
            synchronized (this) {
                if (stale) {
                    stale = false;
                    graph = new NodeGraph(pods.objects(), claims.objects());
                }
            }
        }
        return graph;
    }

    @Override
    public boolean allowed(Attributes a) {
        String node = nodeName(a.user());
        if (node == null) {
            return false;
        }
        if (!a.resourceRequest() || !a.apiGroup().isEmpty() && !a.apiGroup().equals(
                "coordination.k8s.io") && !a.apiGroup().equals("storage.k8s.io")
                && !a.apiGroup().equals("resource.k8s.io")) {
            return allowedByRules(a);
        }
        String resource = a.resource();
        if (a.apiGroup().isEmpty() && GRAPHED.contains(resource)) {
            if (resource.equals("serviceaccounts") && a.subresource().equals("token")) {
                return a.verb().equals("create")
                        && graph().reaches(node, resource, a.namespace(), a.name());
            }
            return a.verb().equals("get") && a.subresource().isEmpty() && !a.name().isEmpty()
                    && graph().reaches(node, resource, a.namespace(), a.name());
        }
        if (a.apiGroup().isEmpty() && resource.equals("pods") && !a.readOnly()
                && !a.name().isEmpty()) {
            // status, eviction and deletion of its own pods only
            return allowedByRules(a) && graph().reaches(node, "pods", a.namespace(), a.name());
        }
        if (a.apiGroup().isEmpty() && resource.equals("nodes") && !a.readOnly()
                && !a.name().isEmpty()) {
            return allowedByRules(a) && a.name().equals(node);
        }
        if (a.apiGroup().equals("resource.k8s.io") && resource.equals("resourceclaims")) {
            return a.verb().equals("get")
                    && graph().reaches(node, resource, a.namespace(), a.name());
        }
        if (a.apiGroup().equals("coordination.k8s.io") && resource.equals("leases")) {
            // its own Lease in kube-node-lease; create names no object until the body is read
            return a.namespace().equals("kube-node-lease") && allowedByRules(a)
                    && (a.name().equals(node) || a.name().isEmpty() && a.verb().equals("create"));
        }
        if (a.apiGroup().equals("storage.k8s.io") && resource.equals("csinodes")) {
            return allowedByRules(a) && (a.name().equals(node) || a.name().isEmpty()
                    && a.verb().equals("create"));
        }
        return allowedByRules(a);
    }

    private boolean allowedByRules(Attributes a) {
        for (PolicyRule r : rules) {
            if (r.allows(a)) {
                return true;
            }
        }
        return false;
    }

    /** What a node may do, as its rules list it: incomplete, since the graph narrows them. */
    @Override
    public Rules rules(UserInfo user, String namespace) {
        if (nodeName(user) == null) {
            return Rules.NONE;
        }
        return new Rules(List.of(), List.of(), true);
    }

    @Override
    public void close() {
        pods.close();
        claims.close();
    }
}
