package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Upstream's defaults of a LimitRange's Container items: a missing default limit is the max, a
 * missing default request is the default limit or else the min.
 */
public final class LimitRangeDefaults {
    private LimitRangeDefaults() {}

    public static void apply(ObjectNode limitRange) {
        for (JsonNode item : limitRange.path("spec").path("limits")) {
            if (item instanceof ObjectNode i && i.path("type").asText().equals("Container")) {
                ObjectNode defaults = i.with("default");
                ObjectNode requests = i.with("defaultRequest");
                copyMissing(i.path("max"), defaults);
                copyMissing(defaults, requests);
                copyMissing(i.path("min"), requests);
            }
        }
    }

    private static void copyMissing(JsonNode from, ObjectNode into) {
        from.fields().forEachRemaining(e -> {
            if (!into.has(e.getKey())) {
                into.set(e.getKey(), e.getValue());
            }
        });
    }
}
