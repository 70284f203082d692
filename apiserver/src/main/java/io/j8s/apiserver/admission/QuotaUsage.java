package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.validation.Quantities;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one object charges against a quota, in upstream's resource names: object counts
 * ({@code pods}, {@code count/deployments.apps}, ...), a pod's compute requests and limits (the
 * larger of its containers' sum and its biggest init container), a claim's storage and a
 * service's node ports and load balancers. Pods that finished charge nothing.
 */
final class QuotaUsage {
    static final Set<String> LEGACY_COUNTS = Set.of("pods", "services", "configmaps", "secrets",
            "persistentvolumeclaims", "replicationcontrollers", "resourcequotas");

    private QuotaUsage() {}

    /** The charge of {@code object} of resource {@code plural} in {@code group}. */
    static Map<String, BigDecimal> of(String group, String plural, JsonNode object,
            Map<String, Boolean> binary) {
        Map<String, BigDecimal> usage = new HashMap<>();
        if (plural.equals("pods") && group.isEmpty()) {
            String phase = object.path("status").path("phase").asText("");
            if (phase.equals("Succeeded") || phase.equals("Failed")) {
                return usage;
            }
            pod(object.path("spec"), usage, binary);
        }
        usage.put(countName(group, plural), BigDecimal.ONE);
        if (group.isEmpty() && LEGACY_COUNTS.contains(plural)) {
            usage.put(plural, BigDecimal.ONE);
        }
        if (group.isEmpty() && plural.equals("persistentvolumeclaims")) {
            String storage = object.path("spec").path("resources").path("requests")
                    .path("storage").asText("");
            if (!storage.isEmpty()) {
                usage.put("requests.storage", Quantities.parse(storage));
                binary.merge("requests.storage", QuantityText.binary(storage), Boolean::logicalOr);
            }
        }
        if (group.isEmpty() && plural.equals("services")) {
            String type = object.path("spec").path("type").asText("ClusterIP");
            long nodePorts = 0;
            if (type.equals("NodePort") || type.equals("LoadBalancer")) {
                nodePorts = object.path("spec").path("ports").size();
            }
            usage.put("services.nodeports", BigDecimal.valueOf(nodePorts));
            usage.put("services.loadbalancers",
                    type.equals("LoadBalancer") ? BigDecimal.ONE : BigDecimal.ZERO);
        }
        return usage;
    }

    static String countName(String group, String plural) {
        return "count/" + (group.isEmpty() ? plural : plural + "." + group);
    }

    private static void pod(JsonNode spec, Map<String, BigDecimal> usage,
            Map<String, Boolean> binary) {
        for (String kind : List.of("requests", "limits")) {
            Map<String, BigDecimal> sum = new HashMap<>();
            for (JsonNode c : spec.path("containers")) {
                add(c.path("resources").path(kind), sum, binary, kind);
            }
            for (JsonNode c : spec.path("initContainers")) {
                Map<String, BigDecimal> one = new HashMap<>();
                add(c.path("resources").path(kind), one, binary, kind);
                one.forEach((k, v) -> sum.merge(k, v, BigDecimal::max));
            }
            sum.forEach((resource, v) -> {
                usage.put(kind + "." + resource, v);
                if (kind.equals("requests")
                        && (resource.equals("cpu") || resource.equals("memory"))) {
                    usage.put(resource, v);
                }
            });
        }
    }

    private static void add(JsonNode list, Map<String, BigDecimal> into,
            Map<String, Boolean> binary, String kind) {
        list.fields().forEachRemaining(e -> {
            into.merge(e.getKey(), Quantities.parse(e.getValue().asText()), BigDecimal::add);
            boolean b = QuantityText.binary(e.getValue().asText());
            binary.merge(kind + "." + e.getKey(), b, Boolean::logicalOr);
            binary.merge(e.getKey(), b, Boolean::logicalOr);
        });
    }
}
