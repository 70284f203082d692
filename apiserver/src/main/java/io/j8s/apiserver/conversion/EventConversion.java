package io.j8s.apiserver.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Core {@code v1} Events and {@code events.k8s.io/v1} Events are one stored object with renamed
 * fields, as upstream's {@code events/v1} conversion maps them.
 */
final class EventConversion {
    /** Core field name to events.k8s.io/v1 field name; the rest keep their names. */
    private static final Map<String, String> RENAMED = Map.of(
            "involvedObject", "regarding",
            "message", "note",
            "source", "deprecatedSource",
            "firstTimestamp", "deprecatedFirstTimestamp",
            "lastTimestamp", "deprecatedLastTimestamp",
            "count", "deprecatedCount",
            "reportingComponent", "reportingController");

    private EventConversion() {}

    /** Every string field of an events.k8s.io/v1 Event is {@code omitempty}: "" is left out. */
    static ObjectNode toEventsV1(ObjectNode core) {
        ObjectNode out = renamed(core, false);
        List<String> empty = new ArrayList<>();
        out.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual() && e.getValue().asText().isEmpty()) {
                empty.add(e.getKey());
            }
        });
        out.remove(empty);
        return out;
    }

    static ObjectNode toCore(ObjectNode events) {
        return renamed(events, true);
    }

    private static ObjectNode renamed(ObjectNode in, boolean toCore) {
        ObjectNode out = in.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = in.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            out.set(rename(e.getKey(), toCore), e.getValue().deepCopy());
        }
        return out;
    }

    private static String rename(String field, boolean toCore) {
        if (!toCore) {
            return RENAMED.getOrDefault(field, field);
        }
        for (Map.Entry<String, String> r : RENAMED.entrySet()) {
            if (r.getValue().equals(field)) {
                return r.getKey();
            }
        }
        return field;
    }
}
