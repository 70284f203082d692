package io.j8s.apiserver.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.Registry;
import io.j8s.apiserver.registry.WriteOptions;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Creates upstream's bootstrap ClusterRoles and ClusterRoleBindings at start and reconciles
 * them as upstream's {@code auth reconcile} does: missing rules, labels and subjects are added,
 * nothing a user added is removed, and an object annotated
 * {@code rbac.authorization.kubernetes.io/autoupdate: "false"} is left alone. admin, edit and
 * view carry their aggregation rule (the clusterrole-aggregation controller keeps their rules).
 */
final class BootstrapPolicy {
    static final String AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
    private static final Logger LOG = Logger.getLogger(BootstrapPolicy.class.getName());

    private BootstrapPolicy() {}

    /**
     * The bootstrap bindings: role, then subjects as {@code User:NAME}, {@code Group:NAME} or
     * {@code ServiceAccount:NS:NAME}. Those marked j8s are not upstream's: j8s's own identities
     * (kube-dns, the cloud controller manager, the API server's loopback user), kubeadm's
     * bindings for joining nodes, and node-proxier for every node, since a joined agent runs
     * the service proxy under the node's identity.
     */
    static Map<String, List<String>> clusterRoleBindings() {
        return Map.ofEntries(
                Map.entry("cluster-admin", List.of("Group:system:masters")),
                Map.entry("system:basic-user", List.of("Group:system:authenticated")),
                Map.entry("system:discovery", List.of("Group:system:authenticated")),
                Map.entry("system:public-info-viewer", List.of("Group:system:authenticated",
                        "Group:system:unauthenticated")),
                Map.entry("system:monitoring", List.of("Group:system:monitoring")),
                Map.entry("system:service-account-issuer-discovery",
                        List.of("Group:system:serviceaccounts")),
                Map.entry("system:node", List.of()),
                Map.entry("system:node-proxier", List.of("User:system:kube-proxy",
                        "Group:system:nodes")), // j8s: the group
                Map.entry("system:kube-controller-manager",
                        List.of("User:system:kube-controller-manager")),
                Map.entry("system:kube-scheduler", List.of("User:system:kube-scheduler")),
                Map.entry("system:volume-scheduler", List.of("User:system:kube-scheduler")),
                Map.entry("system:kube-dns", List.of("ServiceAccount:kube-system:kube-dns",
                        "User:system:kube-dns")), // j8s: the user
                // j8s's, as kubeadm's: joining nodes and the API server's kubelet client
                Map.entry("system:cloud-controller-manager",
                        List.of("User:system:cloud-controller-manager")),
                Map.entry("system:kubelet-api-admin",
                        List.of("User:kube-apiserver-kubelet-client")),
                Map.entry("system:node-bootstrapper", List.of("Group:system:bootstrappers")),
                Map.entry("system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                        List.of("Group:system:bootstrappers")),
                Map.entry("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                        List.of("Group:system:nodes")),
                Map.entry("system:apiserver", List.of("User:system:apiserver")));
    }

    static void reconcile(Registries registries) {
        Registry roles = registries.find(Escalation.GROUP, "v1", "clusterroles").orElseThrow();
        Registry bindings = registries.find(Escalation.GROUP, "v1", "clusterrolebindings")
                .orElseThrow();
        BootstrapRoles.clusterRoles().forEach((name, rules) -> {
            ObjectNode want = object("ClusterRole", name);
            ArrayNode r = want.putArray("rules");
            rules.forEach(r::add);
            List<String> from = BootstrapRoles.aggregatedFrom(name);
            if (!from.isEmpty()) {
                ArrayNode selectors = want.putObject("aggregationRule")
                        .putArray("clusterRoleSelectors");
                from.forEach(l -> selectors.addObject().putObject("matchLabels").put(l, "true"));
            }
            BootstrapRoles.labels(name).forEach((k, v) -> want.with("metadata").with("labels")
                    .put(k, v));
            ensure(roles, want, "rules");
        });
        clusterRoleBindings().forEach((name, subjects) -> {
            ObjectNode want = object("ClusterRoleBinding", name);
            String role = name.equals("system:apiserver") ? "cluster-admin" : name;
            want.putObject("roleRef").put("apiGroup", Escalation.GROUP).put("kind", "ClusterRole")
                    .put("name", role);
            ArrayNode s = want.putArray("subjects");
            for (String subject : subjects) {
                String[] p = subject.split(":", 2);
                ObjectNode o = s.addObject().put("kind", p[0]);
                if (p[0].equals("ServiceAccount")) {
                    String[] nsName = p[1].split(":", 2);
                    o.put("name", nsName[1]).put("namespace", nsName[0]);
                } else {
                    o.put("apiGroup", Escalation.GROUP).put("name", p[1]);
                }
            }
            ensure(bindings, want, "subjects");
        });
    }

    private static ObjectNode object(String kind, String name) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("apiVersion", Escalation.GROUP + "/v1").put("kind", kind);
        ObjectNode meta = o.putObject("metadata").put("name", name);
        meta.putObject("annotations").put(AUTOUPDATE, "true");
        meta.putObject("labels").put("kubernetes.io/bootstrapping", "rbac-defaults");
        return o;
    }

    /** Creates {@code want}, or adds to what is stored the entries of {@code list} it lacks. */
    private static void ensure(Registry registry, ObjectNode want, String list) {
        String name = Policy.name(want);
        for (int attempt = 0; attempt < 5; attempt++) {
            ObjectNode have;
            try {
                have = registry.get(null, name);
            } catch (StatusException e) {
                if (!"NotFound".equals(e.reason())) {
                    throw e;
                }
                try {
                    registry.create(null, want.deepCopy(), WriteOptions.DEFAULT);
                    return;
                } catch (StatusException created) {
                    continue; // created meanwhile by another API server
                }
            }
            if ("false".equals(have.path("metadata").path("annotations").path(AUTOUPDATE)
                    .asText())) {
                return;
            }
            ObjectNode next = have.deepCopy();
            boolean changed = false;
            ArrayNode items = next.withArray(list);
            for (JsonNode item : want.path(list)) {
                if (!contains(items, item, list)) {
                    items.add(item);
                    changed = true;
                }
            }
            for (String field : List.of("labels", "annotations")) {
                ObjectNode into = next.with("metadata").with(field);
                for (var it = want.path("metadata").path(field).fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!into.has(e.getKey())) {
                        into.set(e.getKey(), e.getValue());
                        changed = true;
                    }
                }
            }
            if (want.has("aggregationRule") && !next.has("aggregationRule")) {
                next.set("aggregationRule", want.get("aggregationRule"));
                changed = true;
            }
            if (!changed) {
                return;
            }
            try {
                registry.update(null, name, next, "", WriteOptions.DEFAULT);
                LOG.info("reconciled " + registry.type().plural() + " " + name);
                return;
            } catch (StatusException e) {
                if (!"Conflict".equals(e.reason())) {
                    throw e;
                }
            }
        }
    }

    /** Whether {@code items} holds {@code item}: the same rule, or the same subject. */
    private static boolean contains(ArrayNode items, JsonNode item, String list) {
        for (JsonNode i : items) {
            boolean same = list.equals("rules") ? PolicyRule.of(i).equals(PolicyRule.of(item))
                    : java.util.Objects.equals(Policy.subjectKey(i, ""),
                            Policy.subjectKey(item, ""));
            if (same) {
                return true;
            }
        }
        return false;
    }
}
