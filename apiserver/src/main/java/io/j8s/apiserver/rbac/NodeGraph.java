package io.j8s.apiserver.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's node graph, as edges from each node to what its pods reference: for every pod
 * bound to a node, its service account, the secrets and configmaps of its volumes (projected
 * ones too), env, envFrom and image pull secrets, and its claims (a generic ephemeral volume's
 * claim is {@code POD-VOLUME}); a claim leads on to its persistent volume. Rebuilt from the pods
 * and claims held in memory when either changes; read once per request.
 */
final class NodeGraph {
    static final NodeGraph EMPTY = new NodeGraph(java.util.List.of(), java.util.List.of());

    /** Per node, the keys it may reach: {@code secrets/NS/NAME}, {@code pods/NS/NAME}, ... */
    private final Map<String, Set<String>> reachable = new HashMap<>();

    NodeGraph(Iterable<ObjectNode> pods, Iterable<ObjectNode> claims) {
        Map<String, String> volumeOfClaim = new HashMap<>();
        for (ObjectNode c : claims) {
            String volume = c.path("spec").path("volumeName").asText("");
            if (!volume.isEmpty()) {
                volumeOfClaim.put(Policy.namespace(c) + "/" + Policy.name(c), volume);
            }
        }
        for (ObjectNode pod : pods) {
            String node = pod.path("spec").path("nodeName").asText("");
            if (node.isEmpty()) {
                continue;
            }
            Set<String> into = reachable.computeIfAbsent(node, n -> new HashSet<>());
            String ns = Policy.namespace(pod);
            into.add("pods/" + ns + "/" + Policy.name(pod));
            JsonNode spec = pod.path("spec");
            String sa = spec.path("serviceAccountName").asText("");
            into.add("serviceaccounts/" + ns + "/" + (sa.isEmpty() ? "default" : sa));
            spec.path("imagePullSecrets").forEach(s -> add(into, "secrets", ns, s.path("name")));
            for (JsonNode v : spec.path("volumes")) {
                add(into, "secrets", ns, v.path("secret").path("secretName"));
                add(into, "configmaps", ns, v.path("configMap").path("name"));
                for (JsonNode src : v.path("projected").path("sources")) {
                    add(into, "secrets", ns, src.path("secret").path("name"));
                    add(into, "configmaps", ns, src.path("configMap").path("name"));
                }
                String claim = v.path("persistentVolumeClaim").path("claimName").asText("");
                if (v.has("ephemeral")) {
                    claim = Policy.name(pod) + "-" + v.path("name").asText("");
                }
                if (!claim.isEmpty()) {
                    into.add("persistentvolumeclaims/" + ns + "/" + claim);
                    String volume = volumeOfClaim.get(ns + "/" + claim);
                    if (volume != null) {
                        into.add("persistentvolumes//" + volume);
                    }
                }
            }
            for (String containers : new String[] {"initContainers", "containers",
                    "ephemeralContainers"}) {
                for (JsonNode c : spec.path(containers)) {
                    for (JsonNode e : c.path("env")) {
                        JsonNode from = e.path("valueFrom");
                        add(into, "secrets", ns, from.path("secretKeyRef").path("name"));
                        add(into, "configmaps", ns, from.path("configMapKeyRef").path("name"));
                    }
                    for (JsonNode e : c.path("envFrom")) {
                        add(into, "secrets", ns, e.path("secretRef").path("name"));
                        add(into, "configmaps", ns, e.path("configMapRef").path("name"));
                    }
                }
            }
            for (JsonNode rc : spec.path("resourceClaims")) {
                add(into, "resourceclaims", ns, rc.path("resourceClaimName"));
            }
        }
    }

    private static void add(Set<String> into, String resource, String ns, JsonNode name) {
        String n = name.asText("");
        if (!n.isEmpty()) {
            into.add(resource + "/" + ns + "/" + n);
        }
    }

    /** Whether the node's pods reference secrets, configmaps, claims or volumes. */
    boolean referencesData(String node) {
        return reachable.getOrDefault(node, Set.of()).stream().anyMatch(k -> !k.startsWith("pods/")
                && !k.startsWith("serviceaccounts/"));
    }

    /** Whether a pod bound to {@code node} references the object. */
    boolean reaches(String node, String resource, String namespace, String name) {
        Set<String> keys = reachable.get(node);
        return keys != null && keys.contains(resource + "/" + namespace + "/" + name);
    }
}
