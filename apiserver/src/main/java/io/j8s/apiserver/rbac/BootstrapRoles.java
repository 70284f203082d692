package io.j8s.apiserver.rbac;

import static io.j8s.apiserver.rbac.Rules.named;
import static io.j8s.apiserver.rbac.Rules.rule;
import static io.j8s.apiserver.rbac.Rules.urls;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's bootstrap ClusterRoles ({@code plugin/pkg/auth/authorizer/rbac/bootstrappolicy}),
 * with the rules j8s's components need under their identities. j8s runs every controller under
 * the one identity {@code system:kube-controller-manager} (upstream's
 * {@code --use-service-account-credentials=false}), so its role is the union of upstream's
 * per-controller roles: the garbage collector and namespace controller already reach every
 * resource, so the union is every verb but escalate, bind and impersonate on every resource,
 * plus {@code escalate} on ClusterRoles (the aggregation controller) and the signers' verbs.
 */
final class BootstrapRoles {
    static final String READ = "get,list,watch";
    static final String WRITE = "create,delete,deletecollection,patch,update";
    static final String EVENTS = "create,patch,update";

    private BootstrapRoles() {}

    /** Every bootstrap ClusterRole by name, with its rules. */
    static Map<String, List<ObjectNode>> clusterRoles() {
        Map<String, List<ObjectNode>> roles = new LinkedHashMap<>();
        roles.put("cluster-admin", List.of(rule("*", "*", "*"), urls("*", "*")));
        roles.put("admin", concat(List.of(), aggregateToAdmin(), aggregateToEdit(),
                aggregateToView()));
        roles.put("edit", concat(List.of(), aggregateToEdit(), aggregateToView()));
        roles.put("view", aggregateToView());
        roles.put("system:aggregate-to-admin", aggregateToAdmin());
        roles.put("system:aggregate-to-edit", aggregateToEdit());
        roles.put("system:aggregate-to-view", aggregateToView());
        roles.put("system:basic-user", List.of(rule("create", "authorization.k8s.io",
                "selfsubjectaccessreviews,selfsubjectrulesreviews"),
                rule("create", "authentication.k8s.io", "selfsubjectreviews")));
        roles.put("system:discovery", List.of(urls("get", "/api,/api/*,/apis,/apis/*,/healthz,"
                + "/livez,/openapi,/openapi/*,/readyz,/version,/version/")));
        roles.put("system:public-info-viewer", List.of(urls("get",
                "/healthz,/livez,/readyz,/version,/version/")));
        roles.put("system:monitoring", List.of(urls("get", "/metrics,/metrics/slis,/livez,"
                + "/readyz,/healthz,/livez/*,/readyz/*,/healthz/*")));
        roles.put("system:heapster", List.of(rule("get,list,watch", "core",
                "events,namespaces,nodes,pods"), rule("get,list,watch", "apps,extensions",
                "deployments")));
        roles.put("system:auth-delegator", List.of(rule("create", "authentication.k8s.io",
                "tokenreviews"), rule("create", "authorization.k8s.io", "subjectaccessreviews")));
        roles.put("system:service-account-issuer-discovery", List.of(urls("get",
                "/.well-known/openid-configuration,/.well-known/openid-configuration/,"
                        + "/openid/v1/jwks,/openid/v1/jwks/")));
        roles.put("system:node-bootstrapper", List.of(rule("create,get,list,watch",
                "certificates.k8s.io", "certificatesigningrequests")));
        roles.put("system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                List.of(rule("create", "certificates.k8s.io",
                        "certificatesigningrequests/nodeclient")));
        roles.put("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                List.of(rule("create", "certificates.k8s.io",
                        "certificatesigningrequests/selfnodeclient")));
        for (String signer : List.of("kube-apiserver-client", "kube-apiserver-client-kubelet",
                "kubelet-serving", "legacy-unknown")) {
            roles.put("system:certificates.k8s.io:" + signer + "-approver", List.of(named(
                    "approve", "certificates.k8s.io", "signers", "kubernetes.io/" + signer)));
        }
        roles.put("system:kubelet-api-admin", List.of(rule("get,list,watch", "core", "nodes"),
                rule("proxy", "core", "nodes"), rule("*", "core",
                        "nodes/proxy,nodes/metrics,nodes/spec,nodes/stats,nodes/log")));
        roles.put("system:node", NodeRules.RULES);
        roles.put("system:node-proxier", List.of(rule("list,watch", "core", "services,endpoints"),
                rule("get,list,watch", "core", "nodes"), rule(EVENTS, "core,events.k8s.io",
                        "events"), rule("list,watch", "discovery.k8s.io", "endpointslices")));
        roles.put("system:kube-dns", List.of(rule("list,watch", "core",
                "endpoints,services,pods,namespaces"), rule("list,watch", "discovery.k8s.io",
                "endpointslices")));
        roles.put("system:kube-scheduler", scheduler());
        roles.put("system:volume-scheduler", List.of(rule("get,list,patch,update,watch", "core",
                "persistentvolumes,persistentvolumeclaims"), rule(READ, "storage.k8s.io",
                "storageclasses")));
        roles.put("system:kube-controller-manager", List.of(
                rule("create,delete,deletecollection,get,list,patch,update,watch", "*", "*"),
                rule("escalate", "rbac.authorization.k8s.io", "clusterroles"),
                rule("approve,sign", "certificates.k8s.io", "signers")));
        roles.put("system:cloud-controller-manager", List.of(
                rule(EVENTS, "core,events.k8s.io", "events"),
                rule("get,list,watch,update,patch", "core", "nodes"),
                rule("patch,update", "core", "nodes/status"),
                rule("get,list,watch,update,patch", "core", "services"),
                rule("patch,update", "core", "services/status"),
                rule("create,get", "core", "serviceaccounts"),
                rule("get,list,watch", "core", "configmaps"),
                rule("create,get,list,watch,update,patch", "coordination.k8s.io", "leases")));
        return roles;
    }

    /** The labels that aggregate a role into admin, edit and view. */
    static Map<String, String> labels(String role) {
        return switch (role) {
            case "system:aggregate-to-admin" ->
                    Map.of("rbac.authorization.k8s.io/aggregate-to-admin", "true");
            case "system:aggregate-to-edit" ->
                    Map.of("rbac.authorization.k8s.io/aggregate-to-edit", "true");
            case "system:aggregate-to-view" ->
                    Map.of("rbac.authorization.k8s.io/aggregate-to-view", "true");
            // as upstream: edit is aggregated into admin, and view into edit
            case "edit" -> Map.of("kubernetes.io/bootstrapping", "rbac-defaults",
                    "rbac.authorization.k8s.io/aggregate-to-admin", "true");
            case "view" -> Map.of("kubernetes.io/bootstrapping", "rbac-defaults",
                    "rbac.authorization.k8s.io/aggregate-to-edit", "true");
            default -> Map.of("kubernetes.io/bootstrapping", "rbac-defaults");
        };
    }

    /** The labels whose roles admin, edit and view aggregate; upstream's selectors. */
    static List<String> aggregatedFrom(String role) {
        return switch (role) {
            case "admin" -> List.of("rbac.authorization.k8s.io/aggregate-to-admin");
            case "edit" -> List.of("rbac.authorization.k8s.io/aggregate-to-edit");
            case "view" -> List.of("rbac.authorization.k8s.io/aggregate-to-view");
            default -> List.of();
        };
    }

    private static List<ObjectNode> scheduler() {
        return List.of(rule(EVENTS, "core,events.k8s.io", "events"),
                rule("create", "coordination.k8s.io", "leases"),
                rule("get,list,watch,update,patch", "coordination.k8s.io", "leases"),
                rule("create,get,update", "core", "endpoints"),
                rule(READ, "core", "nodes,namespaces"),
                rule("delete,get,list,watch", "core", "pods"),
                rule("create", "core", "bindings,pods/binding"),
                rule("patch,update", "core", "pods/status"),
                rule(READ, "core", "replicationcontrollers,services,persistentvolumeclaims,"
                        + "persistentvolumes,configmaps"),
                rule(READ, "apps,extensions", "replicasets,statefulsets"),
                rule(READ, "policy", "poddisruptionbudgets"),
                rule("create", "authentication.k8s.io", "tokenreviews"),
                rule("create", "authorization.k8s.io", "subjectaccessreviews"),
                rule(READ, "storage.k8s.io", "csinodes,csidrivers,csistoragecapacities,"
                        + "storageclasses,volumeattachments"),
                rule(READ, "resource.k8s.io", "deviceclasses,resourceclaims,resourceslices"),
                rule(READ, "scheduling.k8s.io", "priorityclasses"));
    }

    private static List<ObjectNode> aggregateToView() {
        return List.of(rule(READ, "core", "configmaps,endpoints,persistentvolumeclaims,"
                        + "persistentvolumeclaims/status,pods,replicationcontrollers,"
                        + "replicationcontrollers/scale,serviceaccounts,services,services/status"),
                rule(READ, "core", "bindings,events,limitranges,namespaces/status,pods/log,"
                        + "pods/status,replicationcontrollers/status,resourcequotas,"
                        + "resourcequotas/status"),
                rule(READ, "core", "namespaces"),
                rule(READ, "discovery.k8s.io", "endpointslices"),
                rule(READ, "apps", "controllerrevisions,daemonsets,daemonsets/status,deployments,"
                        + "deployments/scale,deployments/status,replicasets,replicasets/scale,"
                        + "replicasets/status,statefulsets,statefulsets/scale,statefulsets/status"),
                rule(READ, "autoscaling", "horizontalpodautoscalers,"
                        + "horizontalpodautoscalers/status"),
                rule(READ, "batch", "cronjobs,cronjobs/status,jobs,jobs/status"),
                rule(READ, "policy", "poddisruptionbudgets,poddisruptionbudgets/status"),
                rule(READ, "networking.k8s.io", "ingresses,ingresses/status,networkpolicies"));
    }

    private static List<ObjectNode> aggregateToEdit() {
        return List.of(rule(READ, "core", "pods/attach,pods/exec,pods/portforward,pods/proxy,"
                        + "secrets,services/proxy"),
                rule("impersonate", "core", "serviceaccounts"),
                rule(WRITE, "core", "pods,pods/attach,pods/exec,pods/portforward,pods/proxy"),
                rule("create", "core", "pods/eviction"),
                rule(WRITE, "core", "configmaps,events,persistentvolumeclaims,"
                        + "replicationcontrollers,replicationcontrollers/scale,secrets,"
                        + "serviceaccounts,services,services/proxy"),
                rule("create", "core", "serviceaccounts/token"),
                rule(WRITE, "apps", "daemonsets,deployments,deployments/rollback,"
                        + "deployments/scale,replicasets,replicasets/scale,statefulsets,"
                        + "statefulsets/scale"),
                rule(WRITE, "autoscaling", "horizontalpodautoscalers"),
                rule(WRITE, "batch", "cronjobs,jobs"),
                rule(WRITE, "policy", "poddisruptionbudgets"),
                rule(WRITE, "networking.k8s.io", "ingresses,networkpolicies"));
    }

    private static List<ObjectNode> aggregateToAdmin() {
        return List.of(rule("create", "authorization.k8s.io", "localsubjectaccessreviews"),
                rule(READ + "," + WRITE, "rbac.authorization.k8s.io", "rolebindings,roles"));
    }

    @SafeVarargs
    private static List<ObjectNode> concat(List<ObjectNode> first, List<ObjectNode>... more) {
        List<ObjectNode> all = new ArrayList<>(first);
        for (List<ObjectNode> m : more) {
            all.addAll(m);
        }
        return List.copyOf(all);
    }
}
