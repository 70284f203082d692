package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.validation.GoQuote;
import java.util.Map;
import java.util.TreeMap;

/** Values as Go's {@code %#v} prints them in upstream's field errors. */
final class GoStructs {
    private GoStructs() {}

    /** {@code map[string]string{"a":"b", "c":"d"}}, keys sorted; nil when empty. */
    static String stringMap(JsonNode map) {
        if (!map.isObject() || map.isEmpty()) {
            return "map[string]string(nil)";
        }
        Map<String, String> sorted = new TreeMap<>();
        map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        StringBuilder b = new StringBuilder("map[string]string{");
        boolean first = true;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            b.append(first ? "" : ", ").append(GoQuote.quote(e.getKey())).append(':')
                    .append(GoQuote.quote(e.getValue()));
            first = false;
        }
        return b.append('}').toString();
    }

    /** {@code v1.LabelSelector{MatchLabels:..., MatchExpressions:...}}. */
    static String labelSelector(JsonNode selector) {
        StringBuilder b = new StringBuilder("v1.LabelSelector{MatchLabels:")
                .append(stringMap(selector.path("matchLabels"))).append(", MatchExpressions:");
        JsonNode exprs = selector.path("matchExpressions");
        if (!exprs.isArray() || exprs.isEmpty()) {
            b.append("[]v1.LabelSelectorRequirement(nil)");
        } else {
            b.append("[]v1.LabelSelectorRequirement{");
            for (int i = 0; i < exprs.size(); i++) {
                JsonNode r = exprs.get(i);
                b.append(i == 0 ? "" : ", ").append("v1.LabelSelectorRequirement{Key:")
                        .append(GoQuote.quote(r.path("key").asText())).append(", Operator:")
                        .append(GoQuote.quote(r.path("operator").asText())).append(", Values:");
                JsonNode values = r.path("values");
                if (!values.isArray() || values.isEmpty()) {
                    b.append("[]string(nil)");
                } else {
                    b.append("[]string{");
                    for (int j = 0; j < values.size(); j++) {
                        b.append(j == 0 ? "" : ", ").append(GoQuote.quote(values.get(j).asText()));
                    }
                    b.append('}');
                }
                b.append('}');
            }
            b.append('}');
        }
        return b.append('}').toString();
    }
}
