package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * HorizontalPodAutoscalers, at either version: {@code minReplicas} defaults to 1; at
 * {@code autoscaling/v2} an HPA without metrics scales on 80% CPU utilization and a behavior
 * gets upstream's scale-up and scale-down rules wherever it leaves them out (v1 has no metrics
 * field: its conversion to the stored v2 adds the CPU metric). The status is reset on create by
 * the registry, as for every kind with a status subresource.
 */
final class HorizontalPodAutoscalerStrategy implements Strategy {
    private static final int DEFAULT_CPU_UTILIZATION = 80;

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    @Override
    public void applyDefaults(ObjectNode hpa) {
        ObjectNode spec = hpa.with("spec");
        if (!spec.hasNonNull("minReplicas")) {
            spec.put("minReplicas", 1);
        }
        if (!hpa.path("apiVersion").asText("").equals("autoscaling/v2")) {
            return;
        }
        if (spec.path("metrics").isEmpty()) {
            ObjectNode cpu = spec.putArray("metrics").addObject().put("type", "Resource")
                    .putObject("resource").put("name", "cpu");
            cpu.putObject("target").put("type", "Utilization")
                    .put("averageUtilization", DEFAULT_CPU_UTILIZATION);
        }
        if (spec.get("behavior") instanceof ObjectNode behavior) {
            rules(behavior.with("scaleUp"), 0, new int[][] {{4, 15}}, new int[] {100, 15});
            rules(behavior.with("scaleDown"), null, new int[][] {}, new int[] {100, 15});
        }
    }

    /**
     * Upstream's GenerateHPAScale{Up,Down}Rules: each unset field of the rules takes the default;
     * policies as {@code Pods} (value, period) then {@code Percent} (value, period).
     */
    private static void rules(ObjectNode rules, Integer stabilization, int[][] pods,
            int[] percent) {
        if (!rules.hasNonNull("stabilizationWindowSeconds") && stabilization != null) {
            rules.put("stabilizationWindowSeconds", stabilization);
        }
        if (!rules.hasNonNull("selectPolicy")) {
            rules.put("selectPolicy", "Max");
        }
        JsonNode policies = rules.get("policies");
        if (policies == null || policies.isNull()) {
            ArrayNode list = rules.putArray("policies");
            for (int[] p : pods) {
                list.addObject().put("type", "Pods").put("value", p[0]).put("periodSeconds", p[1]);
            }
            list.addObject().put("type", "Percent").put("value", percent[0])
                    .put("periodSeconds", percent[1]);
        }
    }
}
