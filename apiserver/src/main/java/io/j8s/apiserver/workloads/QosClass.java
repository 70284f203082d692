package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.validation.Quantities;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's quality-of-service class as upstream computes it from the cpu and memory of all its
 * containers: BestEffort with no requests or limits, Guaranteed when every container limits both
 * and requests equal limits, Burstable otherwise.
 */
public final class QosClass {
    private static final Set<String> COMPUTE = Set.of("cpu", "memory");

    private QosClass() {}

    public static String of(JsonNode spec) {
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(list)) {
                JsonNode resources = c.path("resources");
                add(resources.path("requests"), requests);
                Map<String, BigDecimal> own = new HashMap<>();
                add(resources.path("limits"), own);
                if (!own.keySet().containsAll(COMPUTE)) {
                    guaranteed = false;
                }
                own.forEach((k, v) -> limits.merge(k, v, BigDecimal::add));
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed && limits.keySet().containsAll(COMPUTE)) {
            for (Map.Entry<String, BigDecimal> r : requests.entrySet()) {
                BigDecimal l = limits.get(r.getKey());
                if (l == null || l.compareTo(r.getValue()) != 0) {
                    return "Burstable";
                }
            }
            return "Guaranteed";
        }
        return "Burstable";
    }

    private static void add(JsonNode list, Map<String, BigDecimal> into) {
        list.fields().forEachRemaining(e -> {
            if (COMPUTE.contains(e.getKey())) {
                BigDecimal v = Quantities.parse(e.getValue().asText());
                if (v.signum() != 0) {
                    into.merge(e.getKey(), v, BigDecimal::add);
                }
            }
        });
    }
}
