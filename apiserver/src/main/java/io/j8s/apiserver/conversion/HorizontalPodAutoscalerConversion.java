package io.j8s.apiserver.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HorizontalPodAutoscaler between {@code autoscaling/v2} (stored) and {@code autoscaling/v1},
 * as upstream converts it: v1's {@code targetCPUUtilizationPercentage} is v2's CPU utilization
 * metric, and what v1 cannot say (other metrics, current metrics, conditions, behavior) travels
 * in the {@code autoscaling.alpha.kubernetes.io/...} annotations, which the way back reads and
 * removes. A v1 object without any metric scales on 80% CPU, as upstream's conversion defaults.
 */
final class HorizontalPodAutoscalerConversion {
    static final String METRICS = "autoscaling.alpha.kubernetes.io/metrics";
    static final String CURRENT_METRICS = "autoscaling.alpha.kubernetes.io/current-metrics";
    static final String CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
    static final String BEHAVIOR = "autoscaling.alpha.kubernetes.io/behavior";
    private static final List<String> ROUND_TRIP = List.of(METRICS, CURRENT_METRICS, CONDITIONS,
            BEHAVIOR);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int DEFAULT_CPU_UTILIZATION = 80;

    private HorizontalPodAutoscalerConversion() {}

    static ObjectNode toV1(ObjectNode v2) {
        ObjectNode out = NODES.objectNode();
        out.set("apiVersion", v2.get("apiVersion"));
        out.set("kind", v2.get("kind"));
        ObjectNode meta = v2.path("metadata").isObject()
                ? ((ObjectNode) v2.get("metadata")).deepCopy() : NODES.objectNode();
        out.set("metadata", meta);
        ObjectNode annotations = meta.with("annotations");
        annotations.remove(ROUND_TRIP);

        JsonNode spec = v2.path("spec");
        ObjectNode outSpec = out.putObject("spec");
        copy(spec, outSpec, "scaleTargetRef", "minReplicas", "maxReplicas");
        ArrayNode others = NODES.arrayNode();
        boolean cpuSeen = false;
        for (JsonNode m : spec.path("metrics")) {
            JsonNode utilization = cpu(m, "target");
            if (isCpu(m) && !cpuSeen) {
                cpuSeen = true;
                if (utilization != null) {
                    outSpec.set("targetCPUUtilizationPercentage", utilization);
                }
            }
            if (!(isCpu(m) && utilization != null)) {
                others.add(ordered(MetricConversion.specToV1(m)));
            }
        }
        JsonNode status = v2.path("status");
        ObjectNode outStatus = out.putObject("status");
        copy(status, outStatus, "observedGeneration", "lastScaleTime");
        // both written even when zero at v1
        outStatus.put("currentReplicas", status.path("currentReplicas").asInt(0));
        outStatus.put("desiredReplicas", status.path("desiredReplicas").asInt(0));
        ArrayNode current = NODES.arrayNode();
        for (JsonNode m : status.path("currentMetrics")) {
            JsonNode utilization = cpu(m, "current");
            if (isCpu(m) && utilization != null) {
                outStatus.set("currentCPUUtilizationPercentage", utilization);
            }
            current.add(ordered(MetricConversion.statusToV1(m)));
        }
        if (!others.isEmpty()) {
            annotations.put(METRICS, text(others));
        }
        if (!current.isEmpty()) {
            annotations.put(CURRENT_METRICS, text(current));
        }
        if (status.path("conditions").isArray() && !status.path("conditions").isEmpty()) {
            annotations.put(CONDITIONS, text(status.get("conditions")));
        }
        if (spec.path("behavior").isObject()) {
            annotations.put(BEHAVIOR, text(goFieldNames(spec.get("behavior"), true)));
        }
        if (annotations.isEmpty()) {
            meta.remove("annotations");
        }
        return out;
    }

    static ObjectNode toV2(ObjectNode v1) {
        ObjectNode out = NODES.objectNode();
        out.set("apiVersion", v1.get("apiVersion"));
        out.set("kind", v1.get("kind"));
        ObjectNode meta = v1.path("metadata").isObject()
                ? ((ObjectNode) v1.get("metadata")).deepCopy() : NODES.objectNode();
        out.set("metadata", meta);
        ObjectNode annotations = meta.with("annotations");

        JsonNode spec = v1.path("spec");
        ObjectNode outSpec = out.putObject("spec");
        copy(spec, outSpec, "scaleTargetRef", "minReplicas", "maxReplicas");
        ArrayNode metrics = outSpec.putArray("metrics");
        JsonNode others = parse(annotations.remove(METRICS));
        others.forEach(m -> metrics.add(MetricConversion.specToV2(m)));
        JsonNode target = spec.get("targetCPUUtilizationPercentage");
        if (target != null && !target.isNull()) {
            metrics.add(cpuMetric("target", target.intValue()));
        }
        if (metrics.isEmpty()) {
            metrics.add(cpuMetric("target", DEFAULT_CPU_UTILIZATION));
        }
        JsonNode behavior = parse(annotations.remove(BEHAVIOR));
        if (behavior.isObject()) {
            outSpec.set("behavior", goFieldNames(behavior, false));
        }

        JsonNode status = v1.path("status");
        ObjectNode outStatus = out.putObject("status");
        copy(status, outStatus, "observedGeneration", "lastScaleTime", "currentReplicas",
                "desiredReplicas");
        if (outStatus.path("currentReplicas").asInt(0) == 0) {
            outStatus.remove("currentReplicas"); // omitempty at v2, unlike v1
        }
        JsonNode current = parse(annotations.remove(CURRENT_METRICS));
        JsonNode utilization = status.get("currentCPUUtilizationPercentage");
        if (current.isArray()) {
            ArrayNode list = outStatus.putArray("currentMetrics");
            current.forEach(m -> list.add(MetricConversion.statusToV2(m)));
        } else if (utilization != null && !utilization.isNull()) {
            outStatus.putArray("currentMetrics").add(cpuMetric("current", utilization.intValue()));
        }
        JsonNode conditions = parse(annotations.remove(CONDITIONS));
        if (conditions.isArray()) {
            outStatus.set("conditions", conditions);
        }
        if (annotations.isEmpty()) {
            meta.remove("annotations");
        }
        return out;
    }

    private static boolean isCpu(JsonNode metric) {
        return metric.path("type").asText("").equals("Resource")
                && metric.path("resource").path("name").asText("").equals("cpu");
    }

    /** The CPU metric's average utilization under {@code target} or {@code current}, or null. */
    private static JsonNode cpu(JsonNode metric, String side) {
        JsonNode u = metric.path("resource").path(side).get("averageUtilization");
        return u == null || u.isNull() ? null : u;
    }

    private static ObjectNode cpuMetric(String side, int utilization) {
        ObjectNode m = NODES.objectNode().put("type", "Resource");
        ObjectNode resource = m.putObject("resource").put("name", "cpu");
        ObjectNode value = resource.putObject(side);
        if (side.equals("target")) {
            value.put("type", "Utilization");
        }
        value.put("averageUtilization", utilization);
        return m;
    }

    /** A v1 MetricSpec or MetricStatus in Go's field order, as upstream's annotation has it. */
    private static ObjectNode ordered(ObjectNode metric) {
        ObjectNode out = NODES.objectNode();
        for (String f : List.of("type", "object", "pods", "resource", "containerResource",
                "external")) {
            if (metric.has(f)) {
                out.set(f, metric.get(f));
            }
        }
        return out;
    }

    /**
     * Upstream writes the behavior annotation from its internal type, which has no json tags: Go
     * field names ({@code ScaleUp}, {@code StabilizationWindowSeconds}). Renames one way or back.
     */
    private static JsonNode goFieldNames(JsonNode node, boolean toGo) {
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(item -> out.add(goFieldNames(item, toGo)));
            return out;
        }
        if (!node.isObject()) {
            return node.deepCopy();
        }
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String k = e.getKey();
            String renamed = k.isEmpty() ? k : (toGo
                    ? k.substring(0, 1).toUpperCase(Locale.ROOT)
                    : k.substring(0, 1).toLowerCase(Locale.ROOT)) + k.substring(1);
            out.set(renamed, goFieldNames(e.getValue(), toGo));
        }
        return out;
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String f : fields) {
            JsonNode v = from.get(f);
            if (v != null && !v.isNull()) {
                to.set(f, v.deepCopy());
            }
        }
    }

    private static String text(JsonNode value) {
        return new String(Json.bytes(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** An annotation's JSON, or a missing node when absent or not JSON (left as it was). */
    private static JsonNode parse(JsonNode annotation) {
        if (annotation == null || !annotation.isTextual()) {
            return NODES.missingNode();
        }
        try {
            JsonNode v = Json.MAPPER.readTree(annotation.asText());
            return v == null ? NODES.missingNode() : v;
        } catch (IOException e) {
            return NODES.missingNode();
        }
    }
}
