package io.j8s.apiserver.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.registry.WriteCheck;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's NodeRestriction admission plugin, for writes by a node's identity: its own Node
 * only, without setting or changing labels under {@code node-restriction.kubernetes.io/}; only
 * mirror pods bound to itself that reference no secrets, configmaps or claims; the status of its
 * own pods only; its own Lease only. Writes by anybody else pass.
 */
final class NodeRestriction implements WriteCheck {
    static final String RESTRICTED = "node-restriction.kubernetes.io/";
    static final String MIRROR = "kubernetes.io/config.mirror";

    @Override
    public void check(ResourceType type, String subresource, ObjectNode object, ObjectNode old,
            UserInfo user) {
        String node = NodeAuthorizer.nodeName(user);
        if (node == null) {
            return;
        }
        String what = type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
        String name = Policy.name(object);
        String prefix = "node \"" + node + "\" ";
        switch (type.group() + "/" + type.plural()) {
            case "/nodes" -> {
                if (!name.equals(node)) {
                    throw forbidden(what, name, prefix + "is not allowed to modify node \""
                            + name + "\"");
                }
                checkLabels(what, name, prefix, object, old);
            }
            case "/pods" -> checkPod(what, name, prefix, node, subresource, object, old);
            case "coordination.k8s.io/leases" -> {
                if (!name.equals(node) || !Policy.namespace(object).equals("kube-node-lease")) {
                    throw forbidden(what, name, "can only access node lease with the same name"
                            + " as the requesting node");
                }
            }
            default -> { }
        }
    }

    private static void checkLabels(String what, String name, String prefix, ObjectNode object,
            ObjectNode old) {
        JsonNode labels = object.path("metadata").path("labels");
        JsonNode before = old == null ? null : old.path("metadata").path("labels");
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> l = it.next();
            if (restricted(l.getKey()) && (before == null
                    || !Objects.equals(before.get(l.getKey()), l.getValue()))) {
                throw forbidden(what, name, "is not allowed to modify labels: " + l.getKey());
            }
        }
        if (before != null) {
            for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (restricted(key) && !labels.has(key)) {
                    throw forbidden(what, name, "is not allowed to modify labels: " + key);
                }
            }
        }
    }

    private static boolean restricted(String label) {
        String domain = label.contains("/") ? label.substring(0, label.indexOf('/') + 1) : "";
        return domain.equals(RESTRICTED) || domain.endsWith("." + RESTRICTED);
    }

    private static void checkPod(String what, String name, String prefix, String node,
            String subresource, ObjectNode pod, ObjectNode old) {
        String bound = pod.path("spec").path("nodeName").asText("");
        if (old == null) {
            if (!pod.path("metadata").path("annotations").has(MIRROR)) {
                throw forbidden(what, name, "pod does not have \"" + MIRROR + "\" annotation,"
                        + " " + prefix + "can only create mirror pods");
            }
            if (!bound.equals(node)) {
                throw forbidden(what, name, prefix + "can only create pods with spec.nodeName"
                        + " set to itself");
            }
            if (new NodeGraph(java.util.List.of(pod), java.util.List.of()).referencesData(node)) {
                throw forbidden(what, name, prefix + "can not create pods that reference"
                        + " secrets, configmaps, service accounts or persistent volume claims");
            }
            return;
        }
        String was = old.path("spec").path("nodeName").asText("");
        if (!was.equals(node)) {
            throw forbidden(what, name, prefix + "can only update pod status for pods with"
                    + " spec.nodeName set to itself");
        }
    }

    private static StatusException forbidden(String what, String name, String why) {
        return StatusException.forbidden(what + " \"" + name + "\" is forbidden: " + why);
    }
}
