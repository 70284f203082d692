package io.j8s.apiserver.rbac;

import static io.j8s.apiserver.rbac.Rules.rule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Upstream's {@code system:node} rules ({@code NodeRules}): what a kubelet may do at most. The
 * Node authorizer narrows the reads of secrets, configmaps, claims, volumes and service
 * accounts to what the node's pods reference, and NodeRestriction the writes to its own objects.
 */
final class NodeRules {
    static final List<ObjectNode> RULES = List.of(
            rule("create", "authentication.k8s.io", "tokenreviews"),
            rule("create", "authorization.k8s.io",
                    "subjectaccessreviews,localsubjectaccessreviews"),
            rule("get,list,watch", "core", "services"),
            rule("create,get,list,watch", "core", "nodes"),
            rule("update,patch", "core", "nodes/status"),
            rule("update,patch", "core", "nodes"),
            rule("create,update,patch", "core,events.k8s.io", "events"),
            rule("get,list,watch", "core", "pods"),
            rule("create,delete", "core", "pods"),
            rule("update,patch", "core", "pods/status"),
            rule("create", "core", "pods/eviction"),
            rule("get", "core", "secrets,configmaps,persistentvolumeclaims,persistentvolumes,"
                    + "serviceaccounts"),
            rule("update,patch", "core", "persistentvolumeclaims/status"),
            rule("create", "core", "serviceaccounts/token"),
            rule("get", "storage.k8s.io", "volumeattachments"),
            rule("create,get,list,watch", "certificates.k8s.io", "certificatesigningrequests"),
            rule("get,create,update,patch,delete", "coordination.k8s.io", "leases"),
            rule("get,create,update,patch,delete", "storage.k8s.io", "csinodes"),
            rule("get,list,watch", "storage.k8s.io", "csidrivers"),
            rule("get,list,watch", "node.k8s.io", "runtimeclasses"),
            rule("get", "resource.k8s.io", "resourceclaims"));

    private NodeRules() {}
}
