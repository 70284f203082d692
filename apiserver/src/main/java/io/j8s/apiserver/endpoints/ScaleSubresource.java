package io.j8s.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.registry.Registry;
import io.j8s.apiserver.registry.ScalePaths;
import io.j8s.apiserver.registry.WriteOptions;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code scale} subresource of workloads: an autoscaling/v1 Scale that reads
 * {@code spec.replicas}, {@code status.replicas} and the selector of its parent, and whose writes
 * change only the parent's {@code spec.replicas}.
 */
final class ScaleSubresource {
    private ScaleSubresource() {}

    static ObjectNode get(Registry registry, String namespace, String name) {
        return scaleOf(registry.get(namespace, name), registry.strategy().scalePaths());
    }

    static ObjectNode update(Registry registry, String namespace, String name,
            UnaryOperator<ObjectNode> change, WriteOptions options) {
        ScalePaths paths = registry.strategy().scalePaths();
        ObjectNode updated = registry.patch(namespace, name, parent -> {
            ObjectNode scale = change.apply(scaleOf(parent, paths));
            JsonNode replicas = scale.path("spec").path("replicas");
            if (!replicas.isMissingNode() && !replicas.canConvertToInt()) {
                throw StatusException.badRequest("spec.replicas must be an integer");
            }
            if (replicas.canConvertToInt() && replicas.asInt() < 0) {
                throw StatusException.invalid("Scale", registry.type().errorName(), name,
                        java.util.List.of(StatusException.cause("FieldValueInvalid",
                                "spec.replicas", "Invalid value: " + replicas.asInt()
                                        + ": must be greater than or equal to 0")));
            }
            String rv = scale.path("metadata").path("resourceVersion").asText("");
            ObjectNode next = parent.deepCopy();
            set(next, paths.specReplicas(), replicas.canConvertToInt() ? replicas.asInt() : 0);
            ((ObjectNode) next.get("metadata")).put("resourceVersion", rv);
            return next;
        }, "", options);
        return scaleOf(updated, paths);
    }

    static ObjectNode scaleOf(ObjectNode parent) {
        return scaleOf(parent, ScalePaths.WORKLOADS);
    }

    /** The node at a simple JSON path such as {@code .spec.replicas}; missing when absent. */
    private static JsonNode at(JsonNode o, String path) {
        JsonNode n = o;
        for (String f : path.substring(1).split("\\.")) {
            n = n.path(f);
        }
        return n;
    }

    private static void set(ObjectNode o, String path, int value) {
        String[] fields = path.substring(1).split("\\.");
        ObjectNode n = o;
        for (int i = 0; i < fields.length - 1; i++) {
            JsonNode child = n.get(fields[i]);
            n = child instanceof ObjectNode c ? c : n.putObject(fields[i]);
        }
        n.put(fields[fields.length - 1], value);
    }

    static ObjectNode scaleOf(ObjectNode parent, ScalePaths paths) {
        ObjectNode scale = Json.MAPPER.createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode pm = parent.path("metadata");
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion",
                "creationTimestamp"}) {
            if (pm.has(f)) {
                meta.set(f, pm.get(f));
            }
        }
        boolean workload = paths.labelSelector() == null;
        scale.putObject("spec").put("replicas",
                at(parent, paths.specReplicas()).asInt(workload ? 1 : 0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", paths.statusReplicas() == null ? 0
                : at(parent, paths.statusReplicas()).asInt(0));
        String selector = workload ? selector(parent.path("spec").path("selector"))
                : paths.labelSelector().isEmpty() ? ""
                : at(parent, paths.labelSelector()).asText("");
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    /** A label selector object in its string form, as Scale carries it. */
    private static String selector(JsonNode s) {
        StringBuilder b = new StringBuilder();
        JsonNode labels = s.has("matchLabels") ? s.get("matchLabels") : s;
        if (labels.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = labels.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("matchExpressions") || !e.getValue().isTextual()) {
                    continue;
                }
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(e.getKey()).append('=').append(e.getValue().asText());
            }
        }
        for (JsonNode expr : s.path("matchExpressions")) {
            if (b.length() > 0) {
                b.append(',');
            }
            String op = expr.path("operator").asText();
            String key = expr.path("key").asText();
            StringBuilder values = new StringBuilder();
            expr.path("values").forEach(v -> values.append(values.length() > 0 ? "," : "")
                    .append(v.asText()));
            switch (op) {
                case "In" -> b.append(key).append(" in (").append(values).append(')');
                case "NotIn" -> b.append(key).append(" notin (").append(values).append(')');
                case "Exists" -> b.append(key);
                case "DoesNotExist" -> b.append('!').append(key);
                default -> { }
            }
        }
        return b.toString();
    }
}
